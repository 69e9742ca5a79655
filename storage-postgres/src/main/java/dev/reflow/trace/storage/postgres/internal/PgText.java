package dev.reflow.trace.storage.postgres.internal;

import java.util.Collection;

/**
 * How strings go into PostgreSQL {@code text} columns, which cannot hold U+0000 (the server
 * rejects it: {@code invalid byte sequence for encoding "UTF8": 0x00}). Documents are
 * {@code bytea} and keep every character; the denormalized filter columns use this encoding.
 *
 * <p>{@link #encode}: U+0001 becomes U+0001 U+0002 and U+0000 becomes U+0001 U+0001; every other
 * character stays as it is, so ordinary ids read the same in {@code psql}. The encoding is
 * injective, so exact matches on encoded values are exact. For substrings it is exact whenever the
 * searched text has none of U+0000, U+0001, U+0002 ({@link #substringSearchIsExact}): then an
 * encoded match can only start on a character boundary of the original. Otherwise a database
 * match is a superset and the caller re-checks the decoded trace.
 *
 * <p>The actor column joins the encoded, distinct actor ids, each preceded by
 * {@link #ACTOR_SEPARATOR} (U+0001 alone, which the encoding never produces alone), so a search
 * text without U+0001 cannot match across two ids.
 */
public final class PgText {
  /** Precedes every actor id in the actors column; never produced by {@link #encode} on its own. */
  public static final char ACTOR_SEPARATOR = '\u0001';

  private PgText() {}

  /** The text-column form of a string. */
  public static String encode(String s) {
    if (s.indexOf('\u0000') < 0 && s.indexOf('\u0001') < 0) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\u0000') {
        sb.append('\u0001').append('\u0001');
      } else if (c == '\u0001') {
        sb.append('\u0001').append('\u0002');
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** Whether a database substring match of {@code encode(text)} is exactly a match of {@code text}. */
  public static boolean substringSearchIsExact(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\u0000' || c == '\u0001' || c == '\u0002') {
        return false;
      }
    }
    return true;
  }

  /** The actors column: each distinct actor id, encoded, preceded by the separator. */
  public static String actorsColumn(Collection<String> distinctActorIds) {
    StringBuilder sb = new StringBuilder();
    for (String id : distinctActorIds) {
      sb.append(ACTOR_SEPARATOR).append(encode(id));
    }
    return sb.toString();
  }

  /**
   * A {@code LIKE} pattern (with the default escape character {@code \}) that matches any text
   * containing {@code encode(text)} literally: {@code %}, {@code _} and {@code \} are escaped.
   */
  public static String containsPattern(String text) {
    String enc = encode(text);
    StringBuilder sb = new StringBuilder(enc.length() + 2).append('%');
    for (int i = 0; i < enc.length(); i++) {
      char c = enc.charAt(i);
      if (c == '%' || c == '_' || c == '\\') {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.append('%').toString();
  }
}
