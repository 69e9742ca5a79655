package dev.reflow.trace.cli.internal;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar redrawn in place with {@code \r}. Drawn only on a terminal: piped or
 * redirected stderr gets nothing, so logs and scripts never see control characters. Redraws at
 * most every 100 ms.
 */
public final class ProgressBar {
  private static final int WIDTH = 30;
  private static final long REDRAW_NANOS = 100_000_000L;

  private final PrintWriter err;
  private final boolean enabled;
  private final String label;
  private final long total;
  private final long startNanos = System.nanoTime();
  private long lastDraw;
  private int lastLength;

  /**
   * @param total the amount that means done (bytes, traces), or a value &lt;= 0 when unknown
   */
  public ProgressBar(PrintWriter err, boolean enabled, String label, long total) {
    this.err = err;
    this.enabled = enabled;
    this.label = label;
    this.total = total;
  }

  /** Redraws if enough time passed. */
  public void update(long done, long traces) {
    if (!enabled) {
      return;
    }
    long now = System.nanoTime();
    if (lastDraw != 0 && now - lastDraw < REDRAW_NANOS) {
      return;
    }
    lastDraw = now;
    draw(render(done, traces) + rate(traces, now - startNanos));
  }

  /** {@code , 12,345/s} once a second has passed; nothing before, when a rate means little. */
  static String rate(long traces, long elapsedNanos) {
    if (elapsedNanos < 1_000_000_000L) {
      return "";
    }
    return String.format(Locale.ROOT, ", %,d/s", Math.round(traces / (elapsedNanos / 1e9)));
  }

  /** The line for a state; public for tests. */
  public String render(long done, long traces) {
    String count = String.format(Locale.ROOT, "%,d traces", traces);
    if (total <= 0) {
      return label + " " + count;
    }
    double fraction = Math.min(1.0, (double) done / total);
    int filled = (int) Math.round(fraction * WIDTH);
    return String.format(Locale.ROOT, "%s [%s%s] %3d%% %s", label, "=".repeat(filled),
        " ".repeat(WIDTH - filled), Math.round(fraction * 100), count);
  }

  /** Erases the bar so the next line starts clean. */
  public void finish() {
    if (enabled && lastLength > 0) {
      err.print("\r" + " ".repeat(lastLength) + "\r");
      err.flush();
      lastLength = 0;
    }
  }

  private void draw(String line) {
    String padded = line.length() < lastLength ? line + " ".repeat(lastLength - line.length()) : line;
    err.print("\r" + padded);
    err.flush();
    lastLength = padded.length();
  }
}
