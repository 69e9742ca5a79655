package dev.reflow.trace.storage.sqlite.internal;

import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.storage.spi.TraceDocuments;

/**
 * A document as read from a row, decoded after the connection is given back so that the
 * connection is held only for the read itself.
 */
public record StoredDocument(String traceId, String codec, byte[] doc) {
  public FlowTrace decode() {
    return TraceDocuments.decode(codec, doc);
  }

  /** The Reflow JSON bytes, decompressed. */
  public byte[] json() {
    return TraceDocuments.decodeJson(codec, doc);
  }
}
