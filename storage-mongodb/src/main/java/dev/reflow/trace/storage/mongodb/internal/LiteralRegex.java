package dev.reflow.trace.storage.mongodb.internal;

/**
 * Turns user text into a regular expression that matches exactly that text as a substring, for
 * MongoDB's PCRE and for the {@code java.util.regex} engine of the in-process test server alike.
 *
 * <p>{@link java.util.regex.Pattern#quote} is not enough: its {@code \Q…\E} is cut short by a
 * {@code \E} inside the text in some engines, and a BSON regex is a C string, so NUL cannot
 * appear in it at all. Instead every ASCII character that is not a letter or digit is escaped on
 * its own: a backslash before a non-alphanumeric character always means that character literally
 * in both PCRE and Java. Control characters (including NUL) become {@code \x{hh}}, which both
 * engines read as the code point. Letters, digits and non-ASCII characters carry no meaning and
 * stay as they are; no option (such as {@code i} or {@code x}) is ever set.
 */
public final class LiteralRegex {
  private LiteralRegex() {}

  public static String escape(String text) {
    StringBuilder sb = new StringBuilder(text.length() * 2);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c > 0x7f) {
        sb.append(c);
      } else if (c < 0x20 || c == 0x7f) {
        sb.append("\\x{").append(Integer.toHexString(c)).append('}');
      } else {
        sb.append('\\').append(c);
      }
    }
    return sb.toString();
  }
}
