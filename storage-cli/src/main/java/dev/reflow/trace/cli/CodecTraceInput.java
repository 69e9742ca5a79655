package dev.reflow.trace.cli;

import dev.reflow.trace.json.TraceJson;
import dev.reflow.trace.json.TraceReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** An import input read by the codec's streaming {@link TraceReader}. */
final class CodecTraceInput implements TraceInput {
  private final TraceReader reader;

  private CodecTraceInput(TraceReader reader) {
    this.reader = reader;
  }

  static TraceInput open(InputStream in, String sourceName) {
    return new CodecTraceInput(TraceJson.reader(in, sourceName));
  }

  @Override
  public Item next() throws IOException {
    try {
      if (!reader.hasNext()) {
        return null;
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    TraceReader.Item item = reader.next();
    return new Item(item.trace(), item.error(), item.line());
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
