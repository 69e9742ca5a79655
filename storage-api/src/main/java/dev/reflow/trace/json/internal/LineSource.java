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

  /**
   * The longest line (or group of lines holding one value) that is read: 256 MiB. Beyond it
   * the buffer would have to grow past what a Java array holds, and a trace that large could
   * not be decoded anyway.
   */
  public static final int MAX_CHUNK_BYTES = 256 * 1024 * 1024;

  /** A line longer than the limit; it was skipped up to and including its {@code \n}. */
  public static final class ChunkTooLargeException extends IOException {
    private final long bytes;
    private final long firstLine;
    private final int limit;

    ChunkTooLargeException(long bytes, long firstLine, int limit) {
      super("trace too large (" + bytes + " bytes, limit " + limit + ")");
      this.bytes = bytes;
      this.firstLine = firstLine;
      this.limit = limit;
    }

    public long bytes() {
      return bytes;
    }

    public long firstLine() {
      return firstLine;
    }

    public int limit() {
      return limit;
    }
  }

  private final InputStream in;
  private final int maxChunk;
  private byte[] buf;
  private int pos;
  private int lim;
  private boolean eof;
  private long line = 1;

  public LineSource(InputStream in) {
    this(in, MAX_CHUNK_BYTES);
  }

  /** With a smaller limit, for tests. */
  public LineSource(InputStream in, int maxChunk) {
    this.in = in;
    this.maxChunk = maxChunk;
    this.buf = new byte[Math.min(64 * 1024, maxChunk)];
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
        i = refill(i);
        if (i < 0) {
          return -1;
        }
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
        i = refill(i);
        if (i < 0) {
          return true; // unterminated: whatever it is, it is one error either way
        }
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
      if ((long) accLen + (end - start) + 1 > maxChunk) {
        throw new ChunkTooLargeException((long) accLen + (end - start), first, maxChunk);
      }
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
      i = refill(i);
      if (i < 0) {
        if (!eof) {
          skipLongLine();
        }
        return pos < lim ? lim : -1;
      }
    }
  }

  /**
   * Reads more bytes for a scan that has reached {@code i == lim}: returns where index {@code i}
   * is now ({@link #fill} may have moved the unread bytes to the front), or -1 when nothing more
   * can be read.
   */
  private int refill(int i) throws IOException {
    int before = pos;
    return fill() ? i - (before - pos) : -1;
  }

  /** Discards the over-long line ahead, through its {@code \n}, then reports it. */
  private void skipLongLine() throws IOException {
    long first = line;
    long skipped = lim - pos;
    while (true) {
      pos = 0;
      lim = 0;
      if (!fill()) {
        break;
      }
      for (int i = 0; i < lim; i++) {
        if (buf[i] == '\n') {
          skipped += i;
          pos = i + 1;
          line++;
          throw new ChunkTooLargeException(skipped, first, maxChunk);
        }
      }
      skipped += lim;
    }
    throw new ChunkTooLargeException(skipped, first, maxChunk);
  }

  /**
   * Reads more bytes, compacting or growing the buffer; false at the end of the stream, and
   * false (with {@code eof} unset) when the unread bytes fill the buffer at its largest.
   */
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
      if (buf.length >= maxChunk) {
        return false;
      }
      buf = Arrays.copyOf(buf, (int) Math.min(2L * buf.length, maxChunk));
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
