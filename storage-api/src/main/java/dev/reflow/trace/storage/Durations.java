package dev.reflow.trace.storage;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the human durations used in configuration and on the command line ({@code 90s}, {@code 7d}). */
public final class Durations {
  private static final Pattern SIMPLE = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d|w)?");

  private Durations() {}

  /**
   * {@code <n>ms|s|m|h|d|w}, a bare number of seconds (as Reflow's {@code *_secs} keys are), or
   * ISO-8601 ({@code PT15M}, {@code P7D}). Negative durations are rejected: every duration this
   * library reads (timeouts, retention ages, chunk sizes) is a length of time.
   *
   * @throws IllegalArgumentException when the text is none of those, is negative or does not fit
   *     in a {@link Duration}
   */
  public static Duration parse(String text) {
    Objects.requireNonNull(text, "text");
    String s = text.trim().toLowerCase(Locale.ROOT);
    Matcher m = SIMPLE.matcher(s);
    if (m.matches()) {
      return simple(text, m.group(1), m.group(2) == null ? "s" : m.group(2));
    }
    Duration d;
    try {
      d = Duration.parse(text.trim().toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("not a duration: \"" + text + "\"", e);
    }
    if (d.isNegative()) {
      throw new IllegalArgumentException("negative duration: \"" + text + "\"");
    }
    return d;
  }

  // Long.parseLong and the unit multiplications can overflow for absurd inputs ("99999999999w");
  // report them as bad text rather than letting NumberFormatException/ArithmeticException or a
  // silently wrapped value escape.
  private static Duration simple(String text, String digits, String unit) {
    try {
      long n = Long.parseLong(digits);
      return switch (unit) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        case "d" -> Duration.ofDays(n);
        case "w" -> Duration.ofDays(Math.multiplyExact(7L, n));
        default -> throw new IllegalArgumentException("unknown unit " + unit);
      };
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("duration too large: \"" + text + "\"", e);
    }
  }
}
