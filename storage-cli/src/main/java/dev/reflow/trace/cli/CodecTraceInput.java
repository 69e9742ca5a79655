package dev.reflow.trace.cli;

import dev.reflow.trace.cli.internal.TraceSplitter;
import dev.reflow.trace.json.TraceFormatException;
import dev.reflow.trace.json.TraceJson;
import java.io.IOException;
import java.io.InputStream;

/**
 * An import input read with {@link TraceSplitter} (where each trace is) and {@link TraceJson}
 * (what it is). The codec's errors are placed in the file: a line inside a document is offset
 * by the line the document starts on.
 */
final class CodecTraceInput implements TraceInput {
  private final TraceSplitter splitter;
  private final String source;

  private CodecTraceInput(InputStream in, String source) {
    this.splitter = new TraceSplitter(in);
    this.source = source;
  }

  static TraceInput open(InputStream in, String sourceName) {
    return new CodecTraceInput(in, sourceName);
  }

  @Override
  public Item next() throws IOException {
    TraceSplitter.Piece piece = splitter.next();
    if (piece == null) {
      return null;
    }
    if (piece instanceof TraceSplitter.Problem p) {
      return new Item(null, new TraceFormatException(source, p.line(), p.column(), null, p.reason(), null));
    }
    TraceSplitter.Document doc = (TraceSplitter.Document) piece;
    try {
      return new Item(TraceJson.read(doc.json()), null);
    } catch (TraceFormatException e) {
      long line = e.line() > 0 ? doc.line() + e.line() - 1 : doc.line();
      long column = e.line() == 1 && e.column() > 0 ? doc.column() + e.column() - 1 : e.line() > 1 ? e.column() : doc.column();
      return new Item(null, new TraceFormatException(source, line, column, e.path(), reasonOf(e), e));
    }
  }

  private static String reasonOf(TraceFormatException e) {
    return e.reason() != null ? e.reason() : e.getMessage();
  }

  @Override
  public void close() throws IOException {
    splitter.close();
  }
}
