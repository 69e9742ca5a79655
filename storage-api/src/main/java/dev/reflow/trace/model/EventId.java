package dev.reflow.trace.model;

import java.util.Objects;
import java.util.UUID;

/**
 * Reflow's {@code EventId(Uuid)} newtype. Written as a lowercase hyphenated UUID; ordered by
 * unsigned bytes, which is the order of those strings (never {@link UUID#compareTo}).
 */
public record EventId(UUID value) implements Comparable<EventId> {
  public EventId {
    Objects.requireNonNull(value, "event id");
  }

  /** Parses hyphenated (any case) or 32-hex-digit text, as Reflow accepts it. */
  public static EventId parse(String text) {
    return new EventId(Uuids.parse("event id", text));
  }

  public static EventId of(UUID value) {
    return new EventId(value);
  }

  public static EventId random() {
    return new EventId(UUID.randomUUID());
  }

  @Override
  public int compareTo(EventId other) {
    return Uuids.compare(value, other.value);
  }

  /** The lowercase hyphenated form Reflow writes. */
  @Override
  public String toString() {
    return Uuids.format(value);
  }
}
