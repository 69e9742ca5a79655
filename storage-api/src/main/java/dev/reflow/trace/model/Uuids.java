package dev.reflow.trace.model;

import java.util.Locale;
import java.util.UUID;

/** Parsing and ordering shared by the UUID newtypes. Not public API. */
final class Uuids {
  private Uuids() {}

  /**
   * Parses a UUID the way Rust's {@code uuid} crate accepts it in serde: hyphenated (any case)
   * or 32 hex digits without hyphens. Braced and URN forms are accepted by {@code uuid::parse_str}
   * as well.
   */
  static UUID parse(String kind, String text) {
    if (text == null) {
      throw new IllegalArgumentException(kind + " must not be null");
    }
    String s = text;
    if (s.length() == 45 && s.regionMatches(true, 0, "urn:uuid:", 0, 9)) {
      s = s.substring(9);
    } else if (s.length() == 38 && s.charAt(0) == '{' && s.charAt(37) == '}') {
      s = s.substring(1, 37);
    }
    String hex;
    if (s.length() == 36) {
      if (s.charAt(8) != '-' || s.charAt(13) != '-' || s.charAt(18) != '-' || s.charAt(23) != '-') {
        throw invalid(kind, text);
      }
      hex = s.substring(0, 8) + s.substring(9, 13) + s.substring(14, 18) + s.substring(19, 23)
          + s.substring(24);
    } else if (s.length() == 32) {
      hex = s;
    } else {
      throw invalid(kind, text);
    }
    long msb = 0;
    long lsb = 0;
    for (int i = 0; i < 32; i++) {
      int d = Character.digit(hex.charAt(i), 16);
      if (d < 0 || hex.charAt(i) > 0x7f) {
        throw invalid(kind, text);
      }
      if (i < 16) {
        msb = (msb << 4) | d;
      } else {
        lsb = (lsb << 4) | d;
      }
    }
    return new UUID(msb, lsb);
  }

  private static IllegalArgumentException invalid(String kind, String text) {
    return new IllegalArgumentException(
        kind + " must be a UUID (hyphenated or 32 hex digits), got \"" + text + "\"");
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
