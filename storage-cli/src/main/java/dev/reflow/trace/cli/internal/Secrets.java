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
      if (property != null) {
        int eq = property.indexOf('=');
        if (eq > 0) {
          registerConfiguration(Map.of(property.substring(0, eq).trim(), property.substring(eq + 1)));
        }
      }
    }
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
