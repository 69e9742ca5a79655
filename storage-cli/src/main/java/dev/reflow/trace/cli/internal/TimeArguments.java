package dev.reflow.trace.cli.internal;

import dev.reflow.trace.model.Timestamp;
import dev.reflow.trace.storage.Durations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * The time arguments of {@code --since}, {@code --until} and {@code --older-than}: an RFC 3339
 * timestamp ({@code 2026-03-14T09:00:00Z}) or an age counted back from now ({@code 90s},
 * {@code 15m}, {@code 2h}, {@code 7d}, {@code 2w}, {@code 500ms}, or ISO-8601 {@code PT15M}).
 */
public final class TimeArguments {
  /** Ages carry a unit or are ISO-8601; a bare date-like string is a timestamp. */
  private static final Pattern AGE = Pattern.compile("(?i)\\s*(\\d+\\s*(ms|s|m|h|d|w)|p\\S+)\\s*");

  private TimeArguments() {}

  /**
   * The instant the text names.
   *
   * @throws IllegalArgumentException naming the accepted forms
   */
  public static Instant instant(String text, Clock clock) {
    if (AGE.matcher(text).matches()) {
      return clock.instant().minus(age(text));
    }
    try {
      return Timestamp.parse(text.trim()).toInstant();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("\"" + text + "\" is neither an RFC 3339 timestamp "
          + "(2026-03-14T09:00:00Z) nor an age such as 90s, 15m, 2h or 7d", e);
    }
  }

  /**
   * An age: {@code 90s}, {@code 15m}, {@code 2h}, {@code 7d}, …
   *
   * @throws IllegalArgumentException for anything else, or a negative age
   */
  public static Duration age(String text) {
    Duration d;
    try {
      d = Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("\"" + text + "\" is not an age such as 90s, 15m, 2h or 7d", e);
    }
    if (d.isNegative()) {
      throw new IllegalArgumentException("\"" + text + "\" is a negative age");
    }
    return d;
  }
}
