package dev.reflow.trace.collector;

import java.util.Locale;

/**
 * What happens to the traces a connection started when it closes before their {@code EndTrace}
 * ({@code server.on_disconnect}).
 */
public enum OnDisconnect {
  /** Finalize as {@code {"Failed":{"error":"connection closed before EndTrace"}}} (the default). */
  FAILED,
  /** Finalize as {@code "Completed"}: upstream's behaviour, which reports a crashed network as done. */
  COMPLETED,
  /** Keep in flight for a reconnecting client; the idle timeout finalizes it (as failed) if none comes. */
  KEEP;

  /** Parses {@code failed}, {@code completed} or {@code keep} (any case). */
  public static OnDisconnect parse(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "failed" -> FAILED;
      case "completed" -> COMPLETED;
      case "keep" -> KEEP;
      default -> throw new IllegalArgumentException("expected failed, completed or keep");
    };
  }
}
