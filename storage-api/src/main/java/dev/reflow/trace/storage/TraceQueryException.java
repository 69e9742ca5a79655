package dev.reflow.trace.storage;

/** A get, query or stats call failed in the backend. */
public class TraceQueryException extends TraceStorageException {
  public TraceQueryException(String message) {
    super(message);
  }

  public TraceQueryException(String message, Throwable cause) {
    super(message, cause);
  }
}
