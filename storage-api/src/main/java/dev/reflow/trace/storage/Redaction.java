package dev.reflow.trace.storage;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Removes credentials from text that may reach a message or a log line: the password in the
 * user-info part of URLs ({@code postgresql://user:secret@host} → {@code postgresql://user:****@host},
 * also {@code mongodb://}, {@code mongodb+srv://}, {@code jdbc:postgresql://}, several hosts) and
 * {@code password=} style parameters ({@code jdbc:postgresql://h/db?user=u&password=****}).
 *
 * <p>The user name and the hosts stay visible because they are what an operator needs to read a
 * connection error. When a URL is malformed (an unescaped {@code @} or {@code /} in the password)
 * this errs on the side of hiding too much rather than leaking part of the secret.
 */
public final class Redaction {
  /** What replaces a secret. */
  public static final String MASK = "****";

  // scheme://user:password@host… The user may contain '@' (unescaped e-mail addresses); the
  // password runs lazily to the first '@' that is followed by a host part free of '@', so an
  // unescaped '@' or '/' inside the password is still hidden in full.
  private static final Pattern USER_INFO = Pattern.compile(
      "(?i)([a-z][a-z0-9+.-]*://)([^\\s:/?#]*):(\\S*?)@(?=[^\\s@/?#]*(?:[/?#\\s]|$))");
  private static final Pattern PASSWORD_PARAM = Pattern.compile(
      "(?i)((?:password|passwd|pwd|secret|token|api_?key|access_?key|secret_?key|private_?key"
          // MongoDB carries AWS session tokens here: authMechanismProperties=AWS_SESSION_TOKEN:…
          + "|authmechanismproperties)=)([^&;\\s]*)");

  private Redaction() {}

  /** The text with URL passwords and password parameters replaced by {@code ****}. */
  public static String redact(String text) {
    if (text == null) {
      return null;
    }
    String s = USER_INFO.matcher(text).replaceAll("$1$2:" + MASK + "@");
    return PASSWORD_PARAM.matcher(s).replaceAll("$1" + MASK);
  }

  /** Whether a configuration key holds a secret whose value is never shown. */
  public static boolean isSecretKey(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    for (String suffix : SECRET_SUFFIXES) {
      if (k.endsWith(suffix)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The value of a configuration key as it may be shown: {@code ****} for a secret key, otherwise
   * the value with URL credentials removed.
   */
  public static String displayValue(String key, String value) {
    return isSecretKey(key) ? MASK : redact(value);
  }

  private static final String[] SECRET_SUFFIXES = {
    "password", "passwd", "pwd", "secret", "token", "api_key", "apikey", "access_key",
    "secret_key", "private_key", "credentials"
  };
}
