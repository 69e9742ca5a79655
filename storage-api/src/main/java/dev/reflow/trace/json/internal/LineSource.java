package dev.reflow.trace.json.internal;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines or into bracket-balanced groups of lines, counting line numbers,
 * so that each trace of an NDJSON or concatenated input can be parsed (and fail) on its own.
 */
public final class LineSource implements Closeable {
  /** Bytes of one or more whole lines (joined by {@code \n}), starting at line {@code firstLine}. */
  public record Chunk(byte[] bytes, int length, long firstLine) {}

  private final InputStream in;
  private byte[] buf = new byte[64 * 1024];
  private int pos;
  private int lim;
  private boolean eof;
  private long line = 1;

  public LineSource(InputStream in) {
    this.in = in;
  }

  /** The line number of the next unread byte. */
  public long lineNumber() {
    return line;
  }

  /** The first non-whitespace byte ahead, without consuming anything; -1 at the end. */
  public int peekNonWhitespace() throws IOException {
    int i = pos;
    while (true) {
      if (i >= lim) {
        int before = pos;
        if (!fill()) {
          return -1;
        }
        i -= before - pos;
        continue;
      }
      byte b = buf[i];
      if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
        return b & 0xff;
      }
      i++;
    }
  }

  /**
   * Whether the first JSON value ahead closes on the line where it opens (NDJSON) rather than
   * spanning lines (pretty-printed). Looks ahead without consuming.
   */
  public boolean firstValueIsSingleLine() throws IOException {
    int i = pos;
    boolean started = false;
    Brackets brackets = new Brackets(0);
    while (true) {
      if (i >= lim) {
        int before = pos;
        if (!fill()) {
          return true; // unterminated: whatever it is, it is one error either way
        }
        i -= before - pos;
        continue;
      }
      byte b = buf[i++];
      if (!started) {
        if (b == ' ' || b == '\t' || b == '\n' || b == '\r') {
          continue;
        }
        started = true;
      }
      if (b == '\n') {
        return false;
      }
      if (brackets.accept(b) < 0 && brackets.depth <= 0) {
        return true;
      }
    }
  }

  /** The unread bytes followed by the rest of the stream. */
  public InputStream remainder() {
    InputStream head = new ByteArrayInputStream(buf, pos, lim - pos);
    pos = lim;
    return new SequenceInputStream(head, in);
  }

  /** The next line that is not blank, without its {@code \n}; null at the end. */
  public Chunk nextLine() throws IOException {
    while (true) {
      long first = line;
      int end = findNewline();
      if (end < 0) {
        return null;
      }
      int start = pos;
      int next = end < lim && buf[end] == '\n' ? end + 1 : end;
      pos = next;
      if (next > end) {
        line++;
      }
      if (!isBlank(start, end)) {
        return new Chunk(Arrays.copyOfRange(buf, start, end), end - start, first);
      }
    }
  }

  /**
   * The next group of whole lines at whose end every bracket opened in the group is closed
   * (strings and escapes respected, a string never spanning lines), or that is followed by a line
   * starting with an unindented opening brace while still open; null at the end.
   */
  public Chunk nextBalancedChunk() throws IOException {
    byte[] acc = null;
    int accLen = 0;
    long first = -1;
    int depth = 0;
    while (true) {
      long lineNo = line;
      int end = findNewline();
      if (end < 0) {
        return acc == null ? null : new Chunk(acc, accLen, first);
      }
      int start = pos;
      if (acc != null && depth > 0 && end > start && buf[start] == '{') {
        // An unindented '{' while a value is still open: the open value is broken (a pretty
        // printer indents nested objects), so end it here and let this line start the next one.
        return new Chunk(acc, accLen, first);
      }
      int next = end < lim && buf[end] == '\n' ? end + 1 : end;
      pos = next;
      if (next > end) {
        line++;
      }
      if (acc == null && isBlank(start, end)) {
        continue;
      }
      if (acc == null) {
        acc = new byte[Math.max(1024, (end - start) * 2)];
        first = lineNo;
      }
      int need = accLen + (end - start) + 1;
      if (need > acc.length) {
        acc = Arrays.copyOf(acc, Math.max(need, acc.length * 2));
      }
      System.arraycopy(buf, start, acc, accLen, end - start);
      accLen += end - start;
      acc[accLen++] = '\n';
      depth = scanDepth(start, end, depth);
      if (depth <= 0) {
        return new Chunk(acc, accLen, first);
      }
    }
  }

  /** The bracket depth after the line {@code buf[start, end)}, starting from {@code depth}. */
  private int scanDepth(int start, int end, int depth) {
    Brackets brackets = new Brackets(depth); // a string never spans lines
    for (int i = start; i < end; i++) {
      brackets.accept(buf[i]);
    }
    return brackets.depth;
  }

  /** Counts bracket depth over JSON bytes, ignoring brackets inside strings (escapes respected). */
  private static final class Brackets {
    int depth;
    private boolean inString;
    private boolean escape;

    Brackets(int depth) {
      this.depth = depth;
    }

    /** Takes the next byte; returns +1 if it opened a bracket, -1 if it closed one, else 0. */
    int accept(byte b) {
      if (inString) {
        if (escape) {
          escape = false;
        } else if (b == '\\') {
          escape = true;
        } else if (b == '"') {
          inString = false;
        }
        return 0;
      }
      if (b == '"') {
        inString = true;
      } else if (b == '{' || b == '[') {
        depth++;
        return 1;
      } else if (b == '}' || b == ']') {
        depth--;
        return -1;
      }
      return 0;
    }
  }

  private boolean isBlank(int start, int end) {
    for (int i = start; i < end; i++) {
      byte b = buf[i];
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }

  /** Index of the next {@code \n} at or after pos (filling as needed), lim at EOF, -1 if nothing is left. */
  private int findNewline() throws IOException {
    int i = pos;
    while (true) {
      for (; i < lim; i++) {
        if (buf[i] == '\n') {
          return i;
        }
      }
      int consumedBefore = pos;
      if (!fill()) {
        return pos < lim ? lim : -1;
      }
      i -= consumedBefore - pos; // fill() may have moved the unread bytes to the front
    }
  }

  /** Reads more bytes, compacting or growing the buffer; false at the end of the stream. */
  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    if (pos > 0 && lim == buf.length) {
      System.arraycopy(buf, pos, buf, 0, lim - pos);
      lim -= pos;
      pos = 0;
    }
    if (lim == buf.length) {
      buf = Arrays.copyOf(buf, buf.length * 2);
    }
    int n = in.read(buf, lim, buf.length - lim);
    if (n < 0) {
      eof = true;
      return false;
    }
    lim += n;
    return true;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
