package dev.reflow.trace.model;

import java.util.Objects;

/**
 * Reflow's {@code FlowVersion}. The numbers are {@code u32}, held in a {@code long} in
 * {@code [0, 2^32)}.
 */
public record FlowVersion(long major, long minor, long patch, String gitHash, Timestamp timestamp) {
  public FlowVersion {
    checkU32("major", major);
    checkU32("minor", minor);
    checkU32("patch", patch);
    Objects.requireNonNull(timestamp, "timestamp");
  }

  private static void checkU32(String field, long value) {
    if (value < 0 || value > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException(field + " out of u32 range: " + value);
    }
  }
}
