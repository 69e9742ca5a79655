package dev.reflow.trace.cli;

import dev.reflow.trace.cli.internal.RedactingOutputStream;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.logging.Level;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Logging of the command-line process, set up before the first logger exists:
 *
 * <ul>
 *   <li>stderr is wrapped in a {@link RedactingOutputStream}, so every line on it (messages, stack
 *       traces, every library's log) is cleaned of credentials;
 *   <li>slf4j-simple writes to that stderr: warnings by default, {@code info} with
 *       {@code --verbose}; a level set with {@code -Dorg.slf4j.simpleLogger.defaultLogLevel} wins;
 *   <li>java.util.logging (pgjdbc's) is routed into slf4j, at the matching level;
 *   <li>the drivers and the pool are quiet unless {@code --verbose}: each of their failures reaches
 *       the user as the command's own one-line error, so their log lines would only repeat it.
 * </ul>
 */
final class Logging {
  private static final String PREFIX = "org.slf4j.simpleLogger.";
  private static final String LEVEL = PREFIX + "defaultLogLevel";
  /** Loggers whose failures the command reports itself. */
  static final List<String> DRIVERS = List.of("org.postgresql", "com.zaxxer.hikari", "org.mongodb.driver");

  private Logging() {}

  static void configure(boolean verbose) {
    System.setErr(new PrintStream(new RedactingOutputStream(new FileOutputStream(FileDescriptor.err)), true,
        StandardCharsets.UTF_8));
    boolean levelChosen = System.getProperty(LEVEL) != null;
    if (!levelChosen) {
      System.setProperty(LEVEL, verbose ? "info" : "warn");
      if (!verbose) {
        for (String driver : DRIVERS) {
          System.getProperties().putIfAbsent(PREFIX + "log." + driver, "off");
        }
      }
    }
    if (System.getProperty(PREFIX + "logFile") == null) {
      System.setProperty(PREFIX + "logFile", "System.err");
    }
    routeJavaUtilLogging(System.getProperty(LEVEL));
  }

  /** java.util.logging into slf4j; JUL's own level filters first, so it is set to match. */
  static void routeJavaUtilLogging(String slf4jLevel) {
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    Level level = switch (slf4jLevel.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "trace" -> Level.FINEST;
      case "debug" -> Level.FINE;
      case "info" -> Level.INFO;
      case "off" -> Level.OFF;
      case "error" -> Level.SEVERE;
      default -> Level.WARNING;
    };
    java.util.logging.Logger.getLogger("").setLevel(level);
  }
}
