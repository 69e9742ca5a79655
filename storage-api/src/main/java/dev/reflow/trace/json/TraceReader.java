package dev.reflow.trace.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.reflow.trace.json.internal.JsonFactories;
import dev.reflow.trace.json.internal.LineSource;
import dev.reflow.trace.json.internal.TraceDecoder;
import dev.reflow.trace.json.internal.Utf8;
import dev.reflow.trace.json.internal.Utf8ValidatingInputStream;
import dev.reflow.trace.model.FlowTrace;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Reads the traces in one input, one {@link Item} per trace: the trace, or the error that made it
 * unreadable. The layout is detected from the first non-blank byte:
 *
 * <ul>
 *   <li>{@code [}: a JSON array of traces. A trace that is well-formed JSON but not a valid trace
 *       is reported and skipped; a syntax error ends the input with one error, since nothing after
 *       it can be located reliably.
 *   <li>an opening brace: one trace, NDJSON (one trace per line), or concatenated (pretty-printed)
 *       traces. If the first trace ends on its own line the input is read as NDJSON, and a line
 *       with a syntax error is reported and skipped; otherwise traces are delimited by bracket
 *       depth and a syntax error skips to the end of that trace.
 * </ul>
 *
 * Every error names the source and the line where its trace starts (in {@link Item#line()}) as
 * well as the exact position in its message. The reader owns the stream; close it when done.
 * Not thread-safe.
 */
public final class TraceReader implements Iterator<TraceReader.Item>, Closeable {

  /**
   * One trace from the input, or why it could not be read.
   *
   * @param trace the trace, or null on error
   * @param error what was wrong, or null
   * @param line the 1-based line where the trace (or the unreadable input) starts
   */
  public record Item(FlowTrace trace, TraceFormatException error, long line) {
    public boolean isError() {
      return error != null;
    }
  }

  private enum Mode { UNKNOWN, ARRAY, LINES, CONCATENATED, DONE }

  private final String source;
  private final LineSource lines;
  private final ArrayDeque<Item> pending = new ArrayDeque<>();
  private Mode mode = Mode.UNKNOWN;
  private JsonParser arrayParser;
  private TraceDecoder arrayDecoder;
  private int arrayDepth;

  TraceReader(InputStream in, String source) {
    this.source = source;
    this.lines = new LineSource(Objects.requireNonNull(in, "in"));
  }

  @Override
  public boolean hasNext() {
    while (pending.isEmpty() && mode != Mode.DONE) {
      try {
        advance();
      } catch (IOException e) {
        throw new UncheckedIOException("reading " + (source == null ? "input" : source), e);
      }
    }
    return !pending.isEmpty();
  }

  @Override
  public Item next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return pending.poll();
  }

  @Override
  public void close() throws IOException {
    mode = Mode.DONE;
    if (arrayParser != null) {
      arrayParser.close();
    }
    lines.close();
  }

  private void advance() throws IOException {
    switch (mode) {
      case UNKNOWN:
        detect();
        break;
      case ARRAY:
        nextArrayElement();
        break;
      case LINES:
        nextChunk(false);
        break;
      case CONCATENATED:
        nextChunk(true);
        break;
      default:
        break;
    }
  }

  private void detect() throws IOException {
    int first = lines.peekNonWhitespace();
    if (first < 0) {
      mode = Mode.DONE;
    } else if (first == '[') {
      mode = Mode.ARRAY;
      arrayParser = JsonFactories.FACTORY.createParser(new Utf8ValidatingInputStream(lines.remainder()));
      arrayDecoder = new TraceDecoder(arrayParser, source, lines.lineNumber() - 1, 0);
      arrayParser.nextToken();
      arrayDepth = arrayParser.getParsingContext().getNestingDepth();
    } else {
      // NDJSON if the first value closes on its own line; pretty-printed otherwise.
      mode = lines.firstValueIsSingleLine() ? Mode.LINES : Mode.CONCATENATED;
    }
  }

  private void nextArrayElement() throws IOException {
    JsonParser p = arrayParser;
    long line = -1;
    try {
      JsonToken t = p.nextToken();
      if (t == JsonToken.END_ARRAY) {
        if (p.nextToken() != null) {
          pending.add(error(arrayDecoder.failAtValue("trailing characters after the array of traces")));
        }
        mode = Mode.DONE;
        return;
      }
      line = p.currentTokenLocation().getLineNr() + lines.lineNumber() - 1;
      if (t != JsonToken.START_OBJECT) {
        TraceFormatException e = arrayDecoder.failAtValue("expected a trace object, got " + describe(t));
        p.skipChildren();
        pending.add(new Item(null, e, line));
        return;
      }
      try {
        pending.add(new Item(arrayDecoder.readTrace(), null, line));
      } catch (TraceFormatException e) {
        if (e.getCause() instanceof IOException) {
          throw e; // a syntax or encoding error: nothing after it can be trusted
        }
        pending.add(new Item(null, e, line));
        while (p.getParsingContext().getNestingDepth() > arrayDepth) {
          p.nextToken();
        }
      }
    } catch (TraceFormatException e) {
      pending.add(new Item(null, e, line > 0 ? line : e.line()));
      mode = Mode.DONE;
    } catch (JsonProcessingException | Utf8ValidatingInputStream.InvalidUtf8Exception e) {
      TraceFormatException f = arrayDecoder.wrap(e);
      if (pending.isEmpty()) {
        pending.add(new Item(null, f, line > 0 ? line : f.line()));
      }
      mode = Mode.DONE;
    }
  }

  /** Parses the next chunk of lines; a chunk may hold several root values. */
  private void nextChunk(boolean byDepth) throws IOException {
    LineSource.Chunk c;
    try {
      c = byDepth ? lines.nextBalancedChunk() : lines.nextLine();
    } catch (LineSource.ChunkTooLargeException e) {
      // Skipped whole: reading goes on with the next line.
      pending.add(new Item(null, new TraceFormatException(source, e.firstLine(), 1, null,
          "trace too large (" + e.bytes() + " bytes, limit " + e.limit() + " bytes)", null), e.firstLine()));
      return;
    }
    if (c == null) {
      mode = Mode.DONE;
      return;
    }
    TraceFormatException encoding = TraceJson.checkText(c.bytes(), 0, c.length(), source, c.firstLine() - 1);
    if (encoding != null) {
      pending.add(new Item(null, encoding, c.firstLine()));
      return;
    }
    try (JsonParser p = JsonFactories.FACTORY.createParser(c.bytes(), 0, c.length())) {
      TraceDecoder d = new TraceDecoder(p, source, c.firstLine() - 1, 0);
      while (true) {
        JsonToken t;
        try {
          t = p.nextToken();
        } catch (JsonProcessingException e) {
          TraceFormatException f = d.wrap(e);
          pending.add(new Item(null, f, f.line()));
          return;
        }
        if (t == null) {
          return;
        }
        long line = p.currentTokenLocation().getLineNr() + c.firstLine() - 1;
        if (t != JsonToken.START_OBJECT) {
          pending.add(new Item(null, d.failAtValue("expected a trace object, got " + describe(t)), line));
          return; // the rest of this chunk cannot be trusted
        }
        try {
          pending.add(new Item(d.readTrace(), null, line));
        } catch (TraceFormatException e) {
          pending.add(new Item(null, e, line));
          if (e.getCause() instanceof IOException) {
            return;
          }
          try {
            while (p.getParsingContext().getNestingDepth() > 0) {
              p.nextToken();
            }
          } catch (JsonProcessingException syntax) {
            return; // this trace is already reported
          }
        }
      }
    }
  }

  private static String describe(JsonToken t) {
    if (t == null) {
      return "end of input";
    }
    return switch (t) {
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      case START_ARRAY -> "an array";
      default -> t.name();
    };
  }

  private Item error(TraceFormatException e) {
    return new Item(null, e, e.line());
  }
}
