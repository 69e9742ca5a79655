package dev.reflow.trace.storage.mongodb.internal;

/**
 * A stored document that does not decode into a trace: written by hand, by a newer version, or
 * damaged. The path points into the document ({@code trace.events[3].timestamp}); the storage
 * wraps this into a {@link dev.reflow.trace.storage.TraceQueryException} naming the trace.
 */
public final class CorruptDocumentException extends RuntimeException {
  private final String path;

  public CorruptDocumentException(String path, String reason) {
    super(path + ": " + reason);
    this.path = path;
  }

  public CorruptDocumentException(String path, String reason, Throwable cause) {
    super(path + ": " + reason, cause);
    this.path = path;
  }

  public String path() {
    return path;
  }
}
