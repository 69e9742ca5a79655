package dev.reflow.trace.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGTERM and SIGINT as a request to stop, so that {@code serve} can shut down gracefully and exit
 * with status 0 (a shutdown hook alone would exit with 143 or 130). Uses {@code sun.misc.Signal}
 * of the {@code jdk.unsupported} module; where that is missing, a shutdown hook still runs the
 * action before the JVM exits.
 */
final class Signals {
  private static final Logger LOG = LoggerFactory.getLogger(Signals.class);

  private Signals() {}

  @SuppressWarnings("restriction")
  static void onTermination(Runnable action) {
    try {
      for (String name : new String[] {"TERM", "INT"}) {
        sun.misc.Signal.handle(new sun.misc.Signal(name), s -> action.run());
      }
    } catch (RuntimeException | LinkageError e) {
      LOG.warn("Signal handling unavailable ({}); stopping through a shutdown hook instead", e.toString());
      Runtime.getRuntime().addShutdownHook(new Thread(action, "reflow-trace-stop"));
    }
  }
}
