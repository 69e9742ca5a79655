package dev.reflow.trace.storage;

/**
 * The one unchecked base of every failure this library reports. Subclasses say what happened;
 * driver exceptions are kept as the cause and never appear in signatures. Messages never carry
 * credentials (see {@link Redaction}).
 */
public class TraceStorageException extends RuntimeException {
  public TraceStorageException(String message) {
    super(message);
  }

  public TraceStorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
