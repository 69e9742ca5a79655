package dev.reflow.trace.cli.internal;

import dev.reflow.trace.storage.Redaction;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The credentials this process was given, so that every line it writes to stderr can be cleaned
 * of them: {@link Redaction} finds passwords by their shape ({@code user:secret@host},
 * {@code password=secret}), but drivers also repeat a password bare ({@code invalid port number:
 * s3cr3t}) or inside a message that no pattern recognises. Those are masked literally.
 *
 * <p>Process-wide on purpose: log lines of any library, on any thread, go through
 * {@link RedactingOutputStream}, which asks here.
 */
public final class Secrets {
  /**
   * Shorter secrets are masked only by pattern: masking every "abc" in a stack trace would make
   * the output unreadable, and a secret that short protects nothing.
   */
  static final int MIN_LITERAL_LENGTH = 4;

  // Longest first, so that a secret containing another is masked whole.
  private static final Set<String> KNOWN = new ConcurrentSkipListSet<>(
      Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));

  private Secrets() {}

  /**
   * Forgets every secret: each command line starts from its own (one per process, but tests and
   * embedding code run several in one JVM, and one's password must not garble another's output).
   */
  public static void reset() {
    KNOWN.clear();
  }

  /** Registers the secrets of configuration keys and values: secret keys' values, URL passwords. */
  public static void registerConfiguration(Map<String, String> config) {
    config.forEach((key, value) -> {
      if (value == null) {
        return;
      }
      if (Redaction.isSecretKey(key)) {
        register(value);
        register(value.trim());
      }
      String k = key.trim().toLowerCase(java.util.Locale.ROOT);
      if (k.endsWith(".headers")) {
        registerHeaderList(value);
      } else if (k.contains(".headers.")) {
        register(value.trim());
      }
      Redaction.secretsIn(value).forEach(Secrets::register);
    });
  }

  /**
   * Registers what command-line arguments carry: {@code -D key=value} (as one or two arguments)
   * before picocli has parsed them, so that even a parse error cannot echo them.
   */
  public static void registerArguments(String... args) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String property = null;
      if (a.equals("-D") && i + 1 < args.length) {
        property = args[++i];
      } else if (a.startsWith("-D") && a.length() > 2) {
        property = a.substring(2);
      }
      if ((a.equals("--otlp-header") || a.equals("--otlp-endpoint")) && i + 1 < args.length) {
        registerOption(a, args[++i]);
      } else if (a.startsWith("--otlp-header=") || a.startsWith("--otlp-endpoint=")) {
        registerOption(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
      }
      if (property != null) {
        int eq = property.indexOf('=');
        if (eq > 0) {
          registerConfiguration(Map.of(property.substring(0, eq).trim(), property.substring(eq + 1)));
        }
      }
    }
  }

  /** An OTLP header ({@code name=value}: the value is the secret) or endpoint (its URL password). */
  private static void registerOption(String option, String value) {
    if (option.equals("--otlp-header")) {
      registerHeaderList(value);
    } else {
      Redaction.secretsIn(value).forEach(Secrets::register);
    }
  }

  /**
   * Header values of a {@code name=value,name=value} list (or one {@code name=value}): they are
   * credentials more often than not ({@code Authorization=Bearer …}, API keys).
   */
  public static void registerHeaderList(String list) {
    if (list == null) {
      return;
    }
    for (String entry : list.split(",")) {
      int eq = entry.indexOf('=');
      String value = (eq < 0 ? entry : entry.substring(eq + 1)).trim();
      register(value);
      try {
        register(java.net.URLDecoder.decode(value.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8));
      } catch (IllegalArgumentException notEncoded) {
        // the value as written is registered
      }
    }
  }

  /** Header values given as a map (the command line's {@code --otlp-header} after parsing). */
  public static void registerHeaderValues(Map<String, String> headers) {
    headers.values().forEach(v -> {
      if (v != null) {
        register(v);
        register(v.trim());
      }
    });
  }

  static void register(String secret) {
    if (secret != null && secret.length() >= MIN_LITERAL_LENGTH) {
      KNOWN.add(secret);
    }
  }

  /** The text without known secrets and without anything {@link Redaction} recognises. */
  public static String redact(String text) {
    if (text == null) {
      return null;
    }
    String s = text;
    for (String secret : KNOWN) {
      if (s.contains(secret)) {
        s = s.replace(secret, Redaction.MASK);
      }
    }
    return Redaction.redact(s);
  }
}
