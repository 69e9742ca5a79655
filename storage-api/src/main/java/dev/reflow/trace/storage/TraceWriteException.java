package dev.reflow.trace.storage;

/** A store, delete or retention call failed; nothing of the failed call is left half-written. */
public class TraceWriteException extends TraceStorageException {
  public TraceWriteException(String message) {
    super(message);
  }

  public TraceWriteException(String message, Throwable cause) {
    super(message, cause);
  }
}
