package dev.reflow.trace.model;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * A UTC instant as Reflow's {@code chrono::DateTime<Utc>} holds it: nanosecond precision, plus
 * chrono's leap-second representation (a {@code :59} second whose nanosecond field runs past one
 * second, written {@code :60}). {@link Instant} cannot hold a leap second, so the model keeps this
 * type and converts with {@link #toInstant()} / {@link #of(Instant)}.
 *
 * <p>{@link #toString()} writes chrono's {@code AutoSi} form: 0, 3, 6 or 9 fraction digits,
 * always {@code Z}. Ordering follows chrono: by second, then by the (possibly leap) nanosecond.
 *
 * @param epochSecond seconds since 1970-01-01T00:00:00Z
 * @param nanos 0 to 999,999,999, or up to 1,999,999,999 for a leap second on a {@code :59} second
 */
public record Timestamp(long epochSecond, int nanos) implements Comparable<Timestamp> {
  private static final int NANOS_PER_SECOND = 1_000_000_000;

  public Timestamp {
    if (nanos < 0 || nanos >= 2 * NANOS_PER_SECOND) {
      throw new IllegalArgumentException("nanos out of range: " + nanos);
    }
    if (nanos >= NANOS_PER_SECOND && Math.floorMod(epochSecond, 60) != 59) {
      throw new IllegalArgumentException("a leap second must fall on second 59 of a minute");
    }
    // chrono's DateTime range is about +/-262,000 years; Instant's is wider and covers it.
    Instant.ofEpochSecond(epochSecond);
  }

  public static Timestamp of(Instant instant) {
    Objects.requireNonNull(instant, "instant");
    return new Timestamp(instant.getEpochSecond(), instant.getNano());
  }

  public static Timestamp ofEpochMicros(long micros) {
    return new Timestamp(Math.floorDiv(micros, 1_000_000L), (int) Math.floorMod(micros, 1_000_000L) * 1000);
  }

  public static Timestamp now() {
    return of(Instant.now());
  }

  /**
   * Parses an RFC 3339 timestamp with any offset, converting to UTC, as chrono does. See
   * {@link dev.reflow.trace.json.TraceJson} for the exact accepted forms.
   *
   * @throws IllegalArgumentException when the text is not an RFC 3339 timestamp
   */
  public static Timestamp parse(String text) {
    return TimestampText.parse(text);
  }

  public boolean isLeapSecond() {
    return nanos >= NANOS_PER_SECOND;
  }

  /** The instant; a leap second maps to the last nanosecond of its {@code :59} second. */
  public Instant toInstant() {
    return isLeapSecond()
        ? Instant.ofEpochSecond(epochSecond, NANOS_PER_SECOND - 1)
        : Instant.ofEpochSecond(epochSecond, nanos);
  }

  /**
   * Microseconds since the epoch, truncated toward the past: the precision of the filter and sort
   * columns (PostgreSQL {@code timestamptz}). A leap second counts into the next second, like
   * chrono's {@code timestamp_micros}.
   */
  public long epochMicros() {
    return Math.addExact(Math.multiplyExact(epochSecond, 1_000_000L), nanos / 1000);
  }

  /** Truncated to microseconds, toward the past. */
  public Timestamp truncatedToMicros() {
    return new Timestamp(epochSecond, nanos - nanos % 1000);
  }

  @Override
  public int compareTo(Timestamp other) {
    int c = Long.compare(epochSecond, other.epochSecond);
    return c != 0 ? c : Integer.compare(nanos, other.nanos);
  }

  public boolean isBefore(Timestamp other) {
    return compareTo(other) < 0;
  }

  public boolean isAfter(Timestamp other) {
    return compareTo(other) > 0;
  }

  /** chrono's {@code AutoSi} RFC 3339 form, e.g. {@code 2026-03-14T09:26:53.602417Z}. */
  @Override
  public String toString() {
    return TimestampText.format(this);
  }

  /** Formatting and parsing, kept apart from the value type. */
  static final class TimestampText {
    private TimestampText() {}

    static String format(Timestamp t) {
      int frac = t.nanos;
      int second;
      LocalDateTime dt = LocalDateTime.ofEpochSecond(t.epochSecond, 0, ZoneOffset.UTC);
      if (frac >= NANOS_PER_SECOND) {
        frac -= NANOS_PER_SECOND;
        second = 60;
      } else {
        second = dt.getSecond();
      }
      StringBuilder sb = new StringBuilder(32);
      int year = dt.getYear();
      if (year >= 0 && year <= 9999) {
        pad(sb, year, 4);
      } else {
        sb.append(year < 0 ? '-' : '+');
        pad(sb, Math.abs(year), 4);
      }
      sb.append('-');
      pad(sb, dt.getMonthValue(), 2);
      sb.append('-');
      pad(sb, dt.getDayOfMonth(), 2);
      sb.append('T');
      pad(sb, dt.getHour(), 2);
      sb.append(':');
      pad(sb, dt.getMinute(), 2);
      sb.append(':');
      pad(sb, second, 2);
      if (frac != 0) {
        sb.append('.');
        if (frac % 1_000_000 == 0) {
          pad(sb, frac / 1_000_000, 3);
        } else if (frac % 1000 == 0) {
          pad(sb, frac / 1000, 6);
        } else {
          pad(sb, frac, 9);
        }
      }
      return sb.append('Z').toString();
    }

    private static void pad(StringBuilder sb, int value, int width) {
      String digits = Integer.toString(value);
      for (int i = digits.length(); i < width; i++) {
        sb.append('0');
      }
      sb.append(digits);
    }

    static Timestamp parse(String text) {
      Objects.requireNonNull(text, "timestamp");
      String s = text;
      boolean leap = false;
      // java.time rejects second 60; chrono keeps it as a leap nanosecond on second 59.
      int t = s.indexOf('T') >= 0 ? s.indexOf('T') : s.indexOf('t');
      if (t > 0 && s.length() > t + 8 && s.startsWith(":60", t + 6)) {
        s = s.substring(0, t + 6) + ":59" + s.substring(t + 9);
        leap = true;
      }
      try {
        OffsetDateTime odt = OffsetDateTime.parse(s.replace('t', 'T').replace('z', 'Z'));
        Instant instant = odt.toInstant();
        Timestamp ts = of(instant);
        if (leap) {
          return new Timestamp(ts.epochSecond, ts.nanos + NANOS_PER_SECOND);
        }
        return ts;
      } catch (DateTimeParseException | IllegalArgumentException e) {
        throw new IllegalArgumentException("expected RFC 3339 timestamp, got \"" + text + "\"", e);
      }
    }
  }
}
