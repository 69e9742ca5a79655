package dev.reflow.trace.collector.protocol;

/**
 * A frame that is not a valid request. The message says what was wrong and where (the request
 * variant and field, and for a trace part the codec's line, column and JSON path); the collector
 * answers it with an {@code InvalidRequest} error and keeps the connection open.
 */
public final class InvalidRequestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidRequestException(String message) {
    super(message);
  }

  public InvalidRequestException(String message, Throwable cause) {
    super(message, cause);
  }
}
