package dev.reflow.trace.cli.internal;

import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How times, durations and sizes read in tables: short, fixed-width where it helps, UTC. */
public final class Formats {
  private static final DateTimeFormatter START = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT);

  private Formats() {}

  /** {@code 2026-03-14 09:26:53.589} (UTC, milliseconds, truncated). */
  public static String start(Timestamp t) {
    return LocalDateTime.ofEpochSecond(t.epochSecond(), Math.min(t.nanos(), 999_999_999), ZoneOffset.UTC).format(START);
  }

  /** The trace's wall time, or {@code -} while it is in flight. */
  public static String duration(FlowTrace trace) {
    if (trace.endTime() == null) {
      return "-";
    }
    long nanos = (trace.endTime().epochSecond() - trace.startTime().epochSecond()) * 1_000_000_000L
        + (trace.endTime().nanos() - trace.startTime().nanos());
    return duration(Duration.ofNanos(nanos));
  }

  /** {@code 850us}, {@code 530.6ms}, {@code 12.35s}, {@code 3m05s}, {@code 2h03m}, {@code 3d04h}. */
  public static String duration(Duration d) {
    long nanos = d.toNanos();
    String sign = nanos < 0 ? "-" : "";
    nanos = Math.abs(nanos);
    if (nanos < 1_000_000L) {
      return sign + (nanos / 1000) + "us";
    }
    if (nanos < 1_000_000_000L) {
      return sign + String.format(Locale.ROOT, "%.1fms", nanos / 1e6);
    }
    if (nanos < 60_000_000_000L) {
      return sign + String.format(Locale.ROOT, "%.2fs", nanos / 1e9);
    }
    long s = nanos / 1_000_000_000L;
    if (s < 3600) {
      return sign + String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    if (s < 86_400) {
      return sign + String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }
    return sign + String.format(Locale.ROOT, "%dd%02dh", s / 86_400, (s % 86_400) / 3600);
  }

  /** {@code 512 B}, {@code 12.3 KiB}, {@code 4.0 MiB}, … */
  public static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  /** {@code 1,000}: counts people read. */
  public static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** Elapsed nanoseconds as milliseconds with one decimal, e.g. {@code 3.2 ms}. */
  public static String millis(long nanos) {
    return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
  }

  /** Elapsed nanoseconds as seconds with two decimals, e.g. {@code 0.84}. */
  public static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.2f", nanos / 1e9);
  }
}
