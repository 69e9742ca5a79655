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

  // A configuration value that is one URL may hold a password with spaces in it, which USER_INFO
  // stops at: then the password runs to the last '@' that is followed by a host part.
  private static final Pattern WHOLE_URL_USER_INFO = Pattern.compile(
      "(?is)^(\\s*[a-z][a-z0-9+.-]*://)([^:/?#@]*):(.*)@(?=[^@/?#]*(?:[/?#]|$))");

  /**
   * The secrets written in {@code text}: URL passwords (as written and percent-decoded) and the
   * values of {@code password=} style parameters. What a caller that knows the configuration can
   * mask wherever a driver repeats them without a recognisable pattern around.
   */
  public static java.util.Set<String> secretsIn(String text) {
    java.util.Set<String> found = new java.util.LinkedHashSet<>();
    if (text == null) {
      return found;
    }
    java.util.regex.Matcher whole = WHOLE_URL_USER_INFO.matcher(text);
    if (hasWhitespace(text) && whole.find()) {
      addWithDecoded(found, whole.group(3));
    }
    java.util.regex.Matcher url = USER_INFO.matcher(text);
    while (url.find()) {
      addWithDecoded(found, url.group(3));
    }
    java.util.regex.Matcher param = PASSWORD_PARAM.matcher(text);
    while (param.find()) {
      addWithDecoded(found, param.group(2));
    }
    found.remove("");
    return found;
  }

  private static void addWithDecoded(java.util.Set<String> found, String secret) {
    found.add(secret);
    try {
      found.add(java.net.URLDecoder.decode(secret.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      // not percent-encoded: the text as written is the secret
    }
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
    if (isSecretKey(key)) {
      return MASK;
    }
    String shown = value != null && hasWhitespace(value.strip())
        ? WHOLE_URL_USER_INFO.matcher(value).replaceFirst("$1$2:" + MASK + "@") : value;
    return redact(shown);
  }

  private static boolean hasWhitespace(String s) {
    return s.chars().anyMatch(Character::isWhitespace);
  }

  private static final String[] SECRET_SUFFIXES = {
    "password", "passwd", "pwd", "secret", "token", "api_key", "apikey", "access_key",
    "secret_key", "private_key", "credentials"
  };
}
