package dev.reflow.trace.checksum.internal;

import java.util.List;

/** Formats a JSON path such as {@code $.items[3]["odd key"]} for error messages. */
final class JsonPaths {
  private JsonPaths() {}

  /** @param steps {@link Integer} array indexes and {@link String} object keys, outermost first */
  static String format(List<?> steps) {
    StringBuilder sb = new StringBuilder("$");
    for (Object step : steps) {
      if (step instanceof Integer i) {
        sb.append('[').append(i).append(']');
      } else {
        String key = (String) step;
        if (isPlainName(key)) {
          sb.append('.').append(key);
        } else {
          sb.append("[\"");
          for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '"' || c == '\\') {
              sb.append('\\').append(c);
            } else if (c < 0x20) {
              sb.append(String.format("\\u%04x", (int) c));
            } else {
              sb.append(c);
            }
          }
          sb.append("\"]");
        }
      }
    }
    return sb.toString();
  }

  private static boolean isPlainName(String key) {
    if (key.isEmpty() || Character.isDigit(key.charAt(0))) {
      return false;
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
        return false;
      }
    }
    return true;
  }
}
