package dev.reflow.trace.otlp;

/**
 * Rust's {@code Debug} text for a {@code str}: what {@code format!("{:?}", status)} writes for the
 * error of {@code ExecutionStatus::Failed}. Upstream puts that text into {@code reflow.status}, so
 * a user sees the same attribute whichever collector exported the trace.
 */
final class RustDebug {
  private RustDebug() {}

  /**
   * {@code s} quoted as Rust's {@code <str as Debug>::fmt} writes it: {@code \0 \t \r \n \\ \"}
   * escaped, single quotes left alone, and non-printable or grapheme-extending characters written
   * as <code>&#92;u{hex}</code> (lowercase, no leading zeros).
   *
   * <p>Rust decides "printable" with its own Unicode tables; this uses the JDK's general categories
   * with the same rule (Cc, Cf, Cs, Co, Cn, Zl, Zp and Zs other than space are escaped) and
   * approximates Grapheme_Extend by Mn, Me and U+FF9E/U+FF9F. Characters whose category differs
   * between the JDK's and Rust's Unicode versions may be written differently.
   */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    s.codePoints().forEach(cp -> appendEscaped(sb, cp));
    return sb.append('"').toString();
  }

  private static void appendEscaped(StringBuilder sb, int cp) {
    switch (cp) {
      case 0 -> sb.append("\\0");
      case '\t' -> sb.append("\\t");
      case '\r' -> sb.append("\\r");
      case '\n' -> sb.append("\\n");
      case '\\' -> sb.append("\\\\");
      case '"' -> sb.append("\\\"");
      default -> {
        if (isGraphemeExtend(cp) || !isPrintable(cp)) {
          sb.append("\\u{").append(Integer.toHexString(cp)).append('}');
        } else {
          sb.appendCodePoint(cp);
        }
      }
    }
  }

  private static boolean isPrintable(int cp) {
    if (cp == ' ') {
      return true;
    }
    return switch (Character.getType(cp)) {
      case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
          Character.UNASSIGNED, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
          Character.SPACE_SEPARATOR -> false;
      default -> true;
    };
  }

  private static boolean isGraphemeExtend(int cp) {
    int type = Character.getType(cp);
    return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
        || cp == 0xFF9E || cp == 0xFF9F;
  }
}
