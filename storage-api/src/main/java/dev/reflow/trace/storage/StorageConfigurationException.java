package dev.reflow.trace.storage;

/** Configuration is missing, malformed or names something that is not available. */
public class StorageConfigurationException extends TraceStorageException {
  public StorageConfigurationException(String message) {
    super(message);
  }

  public StorageConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
