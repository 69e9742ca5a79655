package dev.reflow.trace.model;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
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

    // chrono's NaiveDate range (MIN_YEAR/MAX_YEAR = (i32::MIN >> 13) + 1 / (i32::MAX >> 13) - 1).
    private static final long MIN_EPOCH_SECOND = daysFromCivil(-262_143, 1, 1) * 86_400L;
    private static final long MAX_EPOCH_SECOND = daysFromCivil(262_142, 12, 31) * 86_400L + 86_399L;

    /**
     * Exactly the grammar of chrono's {@code FromStr for DateTime<FixedOffset>}
     * ({@code parse_rfc3339_relaxed}), which {@code DateTime<Utc>}'s serde deserializer uses, then
     * converted to UTC:
     *
     * <ul>
     *   <li>year: 1 to 4 digits, or a sign and any number of digits; month, day, hour, minute,
     *       second: 1 or 2 digits; whitespace is allowed before each number and before the
     *       date's {@code -} and the time's {@code :};
     *   <li>date and time separated by exactly one {@code T}, {@code t} or space;
     *   <li>second 60 is a leap second (kept, on second 59 of the minute);
     *   <li>an optional {@code .} and 1 or more fraction digits (beyond 9 ignored);
     *   <li>optional whitespace, then {@code Z}, {@code z}, {@code UTC} (any case) or an offset
     *       {@code +hh}, {@code +hh:mm}, {@code +hhmm} ({@code -} or U+2212 for negative; colons
     *       and whitespace between hours and minutes), under 24 hours;
     *   <li>trailing whitespace; dates in chrono's range (years -262143 to 262142).
     * </ul>
     */
    static Timestamp parse(String text) {
      Objects.requireNonNull(text, "timestamp");
      Timestamp t = tryParse(text);
      if (t == null) {
        throw new IllegalArgumentException("expected RFC 3339 timestamp, got \"" + text + "\"");
      }
      return t;
    }

    private static Timestamp tryParse(String s) {
      int n = s.length();
      int[] pos = {skipWs(s, 0)};
      long year;
      int i = pos[0];
      if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
        boolean neg = s.charAt(i) == '-';
        pos[0] = i + 1;
        long v = number(s, pos, 1, Integer.MAX_VALUE);
        if (v < 0) {
          return null;
        }
        year = neg ? -v : v;
      } else {
        year = number(s, pos, 1, 4);
        if (year < 0) {
          return null;
        }
      }
      if (!literal(s, pos, '-')) {
        return null;
      }
      long month = numberWs(s, pos);
      if (month < 1 || month > 12 || !literal(s, pos, '-')) {
        return null;
      }
      long day = numberWs(s, pos);
      if (day < 1 || day > 31) {
        return null;
      }
      i = pos[0];
      if (i >= n || (s.charAt(i) != 'T' && s.charAt(i) != 't' && s.charAt(i) != ' ')) {
        return null;
      }
      pos[0] = i + 1;
      long hour = numberWs(s, pos);
      if (hour < 0 || hour > 23 || !literal(s, pos, ':')) {
        return null;
      }
      long minute = numberWs(s, pos);
      if (minute < 0 || minute > 59 || !literal(s, pos, ':')) {
        return null;
      }
      long second = numberWs(s, pos);
      if (second < 0 || second > 60) {
        return null;
      }
      long nano = 0;
      i = pos[0];
      if (i < n && s.charAt(i) == '.') {
        int start = i + 1;
        int j = start;
        while (j < n && j - start < 9 && isDigit(s.charAt(j))) {
          nano = nano * 10 + (s.charAt(j) - '0');
          j++;
        }
        if (j == start) {
          return null;
        }
        for (int k = j - start; k < 9; k++) {
          nano *= 10;
        }
        while (j < n && isDigit(s.charAt(j))) {
          j++;
        }
        pos[0] = j;
      }
      i = skipWs(s, pos[0]);
      long offset;
      if (n - i >= 3 && s.regionMatches(true, i, "UTC", 0, 3)
          && isAsciiLetters(s, i)) {
        offset = 0;
        i += 3;
      } else if (i < n && (s.charAt(i) == 'Z' || s.charAt(i) == 'z')) {
        offset = 0;
        i++;
      } else {
        if (i >= n) {
          return null;
        }
        char sign = s.charAt(i);
        if (sign != '+' && sign != '-' && sign != '\u2212') {
          return null;
        }
        i++;
        if (n - i < 2 || !isDigit(s.charAt(i)) || !isDigit(s.charAt(i + 1))) {
          return null;
        }
        long oh = (s.charAt(i) - '0') * 10 + (s.charAt(i + 1) - '0');
        i += 2;
        while (i < n && (s.charAt(i) == ':' || isRustWhitespace(s.charAt(i)))) {
          i++;
        }
        long om = 0;
        if (n - i >= 2) {
          char m1 = s.charAt(i);
          char m2 = s.charAt(i + 1);
          if (m1 < '0' || m1 > '5' || !isDigit(m2)) {
            return null;
          }
          om = (m1 - '0') * 10 + (m2 - '0');
          i += 2;
        } else if (n - i == 1) {
          return null;
        }
        offset = oh * 3600 + om * 60;
        if (offset >= 86_400) {
          return null;
        }
        if (sign != '+') {
          offset = -offset;
        }
      }
      if (skipWs(s, i) != n) {
        return null;
      }
      if (year < -262_143 || year > 262_142 || day > daysInMonth(year, (int) month)) {
        return null;
      }
      boolean leap = second == 60;
      long local = daysFromCivil(year, (int) month, (int) day) * 86_400L
          + hour * 3600 + minute * 60 + (leap ? 59 : second);
      long utc = local - offset;
      if (utc < MIN_EPOCH_SECOND || utc > MAX_EPOCH_SECOND) {
        return null;
      }
      return new Timestamp(utc, (int) nano + (leap ? NANOS_PER_SECOND : 0));
    }

    /** chrono matches "UTC" on its first three bytes, case-insensitively (ASCII only). */
    private static boolean isAsciiLetters(String s, int i) {
      for (int k = i; k < i + 3; k++) {
        if (s.charAt(k) > 0x7f) {
          return false;
        }
      }
      return true;
    }

    private static boolean isDigit(char c) {
      return c >= '0' && c <= '9';
    }

    /** Rust's {@code char::is_whitespace} (Unicode White_Space), which {@code trim_start} uses. */
    private static boolean isRustWhitespace(char c) {
      return (c >= 0x09 && c <= 0x0d) || c == ' ' || c == 0x85 || c == 0xa0 || c == 0x1680
          || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 || c == 0x202f
          || c == 0x205f || c == 0x3000;
    }

    private static int skipWs(String s, int i) {
      while (i < s.length() && isRustWhitespace(s.charAt(i))) {
        i++;
      }
      return i;
    }

    /** Whitespace, then {@code c} (chrono's {@code Space("")} followed by a literal). */
    private static boolean literal(String s, int[] pos, char c) {
      int i = skipWs(s, pos[0]);
      if (i < s.length() && s.charAt(i) == c) {
        pos[0] = i + 1;
        return true;
      }
      return false;
    }

    /** A chrono {@code Numeric} item of width 2: whitespace, then 1 or 2 digits; -1 if none. */
    private static long numberWs(String s, int[] pos) {
      pos[0] = skipWs(s, pos[0]);
      return number(s, pos, 1, 2);
    }

    /** chrono's {@code scan::number}: min..max ASCII digits; -1 when too few or on overflow. */
    private static long number(String s, int[] pos, int min, int max) {
      int i = pos[0];
      int n = s.length();
      long v = 0;
      int count = 0;
      while (i < n && count < max && isDigit(s.charAt(i))) {
        int d = s.charAt(i) - '0';
        if (v > (Long.MAX_VALUE - d) / 10) {
          return -1;
        }
        v = v * 10 + d;
        i++;
        count++;
      }
      if (count < min) {
        return -1;
      }
      pos[0] = i;
      return v;
    }

    private static int daysInMonth(long year, int month) {
      switch (month) {
        case 2:
          boolean leapYear = Math.floorMod(year, 4) == 0 && (Math.floorMod(year, 100) != 0 || Math.floorMod(year, 400) == 0);
          return leapYear ? 29 : 28;
        case 4:
        case 6:
        case 9:
        case 11:
          return 30;
        default:
          return 31;
      }
    }

    /** Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's algorithm). */
    private static long daysFromCivil(long y, int m, int d) {
      y -= m <= 2 ? 1 : 0;
      long era = Math.floorDiv(y, 400);
      long yoe = y - era * 400;
      long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
      long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
      return era * 146_097 + doe - 719_468;
    }
  }
}
