package dev.reflow.trace.json;

import dev.reflow.trace.json.internal.JsonOut;
import dev.reflow.trace.json.internal.TraceEncoder;
import dev.reflow.trace.model.FlowTrace;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * Writes many traces to one stream, either as NDJSON (each trace compact on its own line, ended
 * by {@code \n}) or as one JSON array {@code [t1,t2,…]} exactly as serde_json writes a
 * {@code Vec<FlowTrace>}. Each trace's bytes are those of {@link TraceJson#writeBytes}. Closing
 * finishes the array (an empty one is {@code []}) and closes the stream. Not thread-safe.
 */
public final class TraceWriter implements Closeable, Flushable {
  private final OutputStream out;
  private final boolean array;
  private final JsonOut buffer = new JsonOut(16 * 1024);
  private long count;
  private boolean closed;

  TraceWriter(OutputStream out, boolean array) {
    this.out = Objects.requireNonNull(out, "out");
    this.array = array;
  }

  /** Writes one trace. */
  public void write(FlowTrace trace) {
    if (closed) {
      throw new IllegalStateException("trace writer is closed");
    }
    buffer.reset();
    if (array) {
      buffer.raw(count == 0 ? '[' : ',');
    }
    TraceEncoder.trace(buffer, trace);
    if (!array) {
      buffer.raw('\n');
    }
    try {
      buffer.writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    count++;
  }

  /** How many traces were written. */
  public long count() {
    return count;
  }

  @Override
  public void flush() {
    try {
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try (OutputStream o = out) {
      if (array) {
        o.write(count == 0 ? new byte[] {'[', ']'} : new byte[] {']'});
      }
      o.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
