package dev.reflow.trace.model;

import java.util.Locale;
import java.util.UUID;

/** Parsing and ordering shared by the UUID newtypes. Not public API. */
final class Uuids {
  private Uuids() {}

  /**
   * Parses a UUID exactly as Rust's {@code uuid} crate does ({@code Uuid::parse_str}, which its
   * serde deserializer uses): 32 hex digits; hyphenated 8-4-4-4-12; hyphenated in braces
   * {@code {…}}; or hyphenated after a lowercase {@code urn:uuid:} prefix. Hex digits in either
   * case.
   */
  static UUID parse(String kind, String text) {
    if (text == null) {
      throw new IllegalArgumentException(kind + " must not be null");
    }
    int len = text.length();
    int start;
    if (len == 32) {
      long msb = hex(text, 0, 16);
      long lsb = hex(text, 16, 16);
      if (msb == -1 && hexInvalid(text, 0, 16) || lsb == -1 && hexInvalid(text, 16, 16)) {
        throw invalid(kind, text);
      }
      return new UUID(msb, lsb);
    } else if (len == 36) {
      start = 0;
    } else if (len == 38 && text.charAt(0) == '{' && text.charAt(37) == '}') {
      start = 1;
    } else if (len == 45 && text.startsWith("urn:uuid:")) {
      start = 9;
    } else {
      throw invalid(kind, text);
    }
    if (text.charAt(start + 8) != '-' || text.charAt(start + 13) != '-'
        || text.charAt(start + 18) != '-' || text.charAt(start + 23) != '-') {
      throw invalid(kind, text);
    }
    long a = hex(text, start, 8);
    long b = hex(text, start + 9, 4);
    long c = hex(text, start + 14, 4);
    long d = hex(text, start + 19, 4);
    long e = hex(text, start + 24, 12);
    if (a < 0 || b < 0 || c < 0 || d < 0 || e < 0) {
      throw invalid(kind, text);
    }
    return new UUID((a << 32) | (b << 16) | c, (d << 48) | e);
  }

  /** The value of {@code count} hex digits; -1 when one is not a hex digit (count below 16). */
  private static long hex(String s, int from, int count) {
    long v = 0;
    for (int i = from; i < from + count; i++) {
      int digit = hexDigit(s.charAt(i));
      if (digit < 0) {
        return -1;
      }
      v = (v << 4) | digit;
    }
    return v;
  }

  private static boolean hexInvalid(String s, int from, int count) {
    for (int i = from; i < from + count; i++) {
      if (hexDigit(s.charAt(i)) < 0) {
        return true;
      }
    }
    return false;
  }

  private static int hexDigit(char ch) {
    if (ch >= '0' && ch <= '9') {
      return ch - '0';
    }
    if (ch >= 'a' && ch <= 'f') {
      return ch - 'a' + 10;
    }
    if (ch >= 'A' && ch <= 'F') {
      return ch - 'A' + 10;
    }
    return -1;
  }

  private static IllegalArgumentException invalid(String kind, String text) {
    return new IllegalArgumentException(
        kind + " must be a UUID (32 hex digits, hyphenated, braced or urn:uuid:), got \"" + text + "\"");
  }

  /** Lowercase hyphenated form, as Reflow writes it. */
  static String format(UUID uuid) {
    return uuid.toString().toLowerCase(Locale.ROOT);
  }

  /**
   * Unsigned byte order: the order of the lowercase hyphenated strings and of PostgreSQL's
   * {@code uuid} type. {@link UUID#compareTo} compares signed longs and must not be used.
   */
  static int compare(UUID a, UUID b) {
    int c = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
    return c != 0 ? c : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
  }
}
