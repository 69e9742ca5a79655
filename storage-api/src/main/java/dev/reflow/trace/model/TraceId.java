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

  /**
   * Both halves mixed (the finalizer of MurmurHash3). {@link UUID#hashCode} XORs the halves, so ids
   * built from a counter in both halves (a test's or a tool's ids) can all share the same
   * {@code HashMap} bucket: 20,000 such ids made the memory backend's map a single tree bin, and
   * its stores 2x slower.
   */
  @Override
  public int hashCode() {
    long h = value.getMostSignificantBits() * 0x9E3779B97F4A7C15L + value.getLeastSignificantBits();
    h = (h ^ (h >>> 33)) * 0xFF51AFD7ED558CCDL;
    h = (h ^ (h >>> 33)) * 0xC4CEB9FE1A85EC53L;
    return (int) (h ^ (h >>> 33));
  }

  /** The lowercase hyphenated form Reflow writes. */
  @Override
  public String toString() {
    return Uuids.format(value);
  }
}
