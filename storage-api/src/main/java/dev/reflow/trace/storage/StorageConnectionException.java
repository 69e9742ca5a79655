package dev.reflow.trace.storage;

/** The backend could not be reached, or the connection was lost during a call. */
public class StorageConnectionException extends TraceStorageException {
  public StorageConnectionException(String message) {
    super(message);
  }

  public StorageConnectionException(String message, Throwable cause) {
    super(message, cause);
  }
}
