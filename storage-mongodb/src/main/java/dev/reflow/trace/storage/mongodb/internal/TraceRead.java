package dev.reflow.trace.storage.mongodb.internal;

import dev.reflow.trace.model.FlowTrace;

/**
 * One stored document as {@link TraceDocumentCodec#read} read it: its trace, or why it cannot be
 * read. A result rather than an exception, so that the driver, which calls the codec while it
 * reads a batch off the connection, never sees a failure that is not its own.
 *
 * @param id the document's {@code _id} as text (a non-string id as its BSON value), for messages
 * @param trace the trace, when the document decoded
 * @param error why it did not, naming the field
 */
public record TraceRead(String id, FlowTrace trace, CorruptDocumentException error) {
  /**
   * The trace.
   *
   * @throws CorruptDocumentException when the document did not decode
   */
  public FlowTrace traceOrThrow() {
    if (error != null) {
      throw error;
    }
    return trace;
  }
}
