package dev.reflow.trace.cli;

import java.io.InputStream;

/** Adapts the codec's streaming reader (pending merge of h/codec). */
final class CodecTraceInput {
  private CodecTraceInput() {}

  static TraceInput open(InputStream in, String sourceName) {
    throw new UnsupportedOperationException("waiting for TraceJson.reader");
  }
}
