package dev.reflow.trace.model;

import java.util.Objects;
import java.util.UUID;

/**
 * Reflow's {@code ExecutionId(Uuid)} newtype. Written as a lowercase hyphenated UUID; ordered by
 * unsigned bytes, which is the order of those strings (never {@link UUID#compareTo}).
 */
public record ExecutionId(UUID value) implements Comparable<ExecutionId> {
  public ExecutionId {
    Objects.requireNonNull(value, "execution id");
  }

  /** Parses hyphenated (any case) or 32-hex-digit text, as Reflow accepts it. */
  public static ExecutionId parse(String text) {
    return new ExecutionId(Uuids.parse("execution id", text));
  }

  public static ExecutionId of(UUID value) {
    return new ExecutionId(value);
  }

  public static ExecutionId random() {
    return new ExecutionId(UUID.randomUUID());
  }

  @Override
  public int compareTo(ExecutionId other) {
    return Uuids.compare(value, other.value);
  }

  /** The lowercase hyphenated form Reflow writes. */
  @Override
  public String toString() {
    return Uuids.format(value);
  }
}
