package dev.reflow.trace.otlp;

import java.io.IOException;

/** An OTLP request that was not accepted: what the endpoint answered (or why it could not be reached) and after how many attempts. */
public final class OtlpExportException extends IOException {
  private static final long serialVersionUID = 1L;
  private final int attempts;
  private final int statusCode;

  OtlpExportException(String message, int attempts, int statusCode, Throwable cause) {
    super(message, cause);
    this.attempts = attempts;
    this.statusCode = statusCode;
  }

  /** How many times the request was sent. */
  public int attempts() {
    return attempts;
  }

  /** The last HTTP status, or -1 when the endpoint could not be reached. */
  public int statusCode() {
    return statusCode;
  }
}
