package dev.reflow.trace.storage;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Removes credentials from text that may reach a message or a log line: the user-info part of
 * URLs ({@code postgresql://user:secret@host} → {@code postgresql://user:****@host}) and
 * {@code password=} style parameters.
 */
public final class Redaction {
  private static final Pattern USER_INFO = Pattern.compile("(?i)([a-z][a-z0-9+.-]*://)([^/@\\s:]*):([^/@\\s]*)@");
  private static final Pattern PASSWORD_PARAM =
      Pattern.compile("(?i)((?:password|passwd|pwd|secret|token|api_key|apikey)=)([^&;\\s]*)");

  private Redaction() {}

  /** The text with URL passwords and password parameters replaced by {@code ****}. */
  public static String redact(String text) {
    if (text == null) {
      return null;
    }
    String s = USER_INFO.matcher(text).replaceAll("$1$2:****@");
    return PASSWORD_PARAM.matcher(s).replaceAll("$1****");
  }

  /** Whether a configuration key holds a secret whose value is never shown. */
  public static boolean isSecretKey(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return k.endsWith("password") || k.endsWith("secret") || k.endsWith("token") || k.endsWith("api_key");
  }
}
