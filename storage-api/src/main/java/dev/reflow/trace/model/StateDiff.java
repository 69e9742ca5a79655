package dev.reflow.trace.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * Reflow's {@code StateDiff}: {@code before: Option<Vec<u8>>}, {@code after: Vec<u8>},
 * {@code diff_type}. Byte arrays are copied in and out, and compared by content.
 */
public record StateDiff(byte[] before, byte[] after, StateDiffType diffType) {
  public StateDiff {
    before = before == null ? null : before.clone();
    after = Objects.requireNonNull(after, "after").clone();
    Objects.requireNonNull(diffType, "diff_type");
  }

  /** A copy of the bytes before the change, or null. */
  @Override
  public byte[] before() {
    return before == null ? null : before.clone();
  }

  /** A copy of the bytes after the change. */
  @Override
  public byte[] after() {
    return after.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StateDiff d
        && Arrays.equals(before, d.before)
        && Arrays.equals(after, d.after)
        && diffType == d.diffType;
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(before), Arrays.hashCode(after), diffType);
  }

  @Override
  public String toString() {
    return "StateDiff[before=" + (before == null ? "null" : before.length + " bytes")
        + ", after=" + after.length + " bytes, diffType=" + diffType + "]";
  }
}
