package dev.reflow.trace.cli;

/** A command was called with arguments that parse but make no sense; exit status 2. */
final class CliUsageException extends RuntimeException {
  CliUsageException(String message) {
    super(message);
  }

  CliUsageException(String message, Throwable cause) {
    super(message, cause);
  }
}
