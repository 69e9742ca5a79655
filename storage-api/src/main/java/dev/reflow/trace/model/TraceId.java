package dev.reflow.trace.model;

import java.util.Objects;
import java.util.UUID;

/**
 * Reflow's {@code TraceId(Uuid)} newtype. Written as a lowercase hyphenated UUID; ordered by
 * unsigned bytes, which is the order of those strings (never {@link UUID#compareTo}).
 */
public record TraceId(UUID value) implements Comparable<TraceId> {
  public TraceId {
    Objects.requireNonNull(value, "trace id");
  }

  /** Parses hyphenated (any case) or 32-hex-digit text, as Reflow accepts it. */
  public static TraceId parse(String text) {
    return new TraceId(Uuids.parse("trace id", text));
  }

  public static TraceId of(UUID value) {
    return new TraceId(value);
  }

  public static TraceId random() {
    return new TraceId(UUID.randomUUID());
  }

  @Override
  public int compareTo(TraceId other) {
    return Uuids.compare(value, other.value);
  }

  /** The lowercase hyphenated form Reflow writes. */
  @Override
  public String toString() {
    return Uuids.format(value);
  }
}
