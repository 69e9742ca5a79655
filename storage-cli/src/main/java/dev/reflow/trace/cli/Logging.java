package dev.reflow.trace.cli;

/**
 * Sets slf4j-simple's level before the first logger exists: warnings only by default, so that a
 * backend's and Flyway's start-up chatter stays out of command output; {@code info} with
 * {@code --verbose}. A level set with {@code -Dorg.slf4j.simpleLogger.defaultLogLevel} wins.
 */
final class Logging {
  private static final String LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

  private Logging() {}

  static void configure(boolean verbose) {
    if (System.getProperty(LEVEL) == null) {
      System.setProperty(LEVEL, verbose ? "info" : "warn");
    }
    if (System.getProperty("org.slf4j.simpleLogger.logFile") == null) {
      System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    }
  }
}
