package dev.reflow.trace.cli;

import dev.reflow.trace.json.TraceFormatException;
import dev.reflow.trace.model.FlowTrace;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * The traces of one import input, one at a time: each is a trace, or the format error of one
 * trace (with its line), after which reading goes on with the next trace.
 */
interface TraceInput extends Closeable {

  /** One trace or one trace's error, and the 1-based line where it starts (0 if unknown). */
  record Item(FlowTrace trace, TraceFormatException error, long line) {}

  /** The next item, or null at the end of the input. An I/O failure ends the input. */
  Item next() throws IOException;

  /** Reads one trace object, a JSON array of traces, NDJSON, or concatenated objects. */
  static TraceInput open(InputStream in, String sourceName) {
    return CodecTraceInput.open(in, sourceName);
  }
}
