package dev.reflow.trace.storage;

/** A call on a {@link TraceStorage} after {@link TraceStorage#close()}. */
public class StorageClosedException extends TraceStorageException {
  public StorageClosedException(String backend) {
    super("Trace storage '" + backend + "' is closed");
  }
}
