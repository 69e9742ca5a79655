package dev.reflow.trace.json.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Passes bytes through only after checking them with {@link Utf8#firstInvalid}, so that a
 * streaming Jackson parser never sees text serde_json would reject (overlong forms, encoded
 * surrogates, NUL bytes). A sequence split across reads is held back until
 * it is complete.
 */
public final class Utf8ValidatingInputStream extends InputStream {
  /** Invalid input at a 1-based line and byte column of the stream. */
  public static final class InvalidUtf8Exception extends IOException {
    private final long line;
    private final long column;
    private final String reason;

    InvalidUtf8Exception(long line, long column, String reason) {
      super(line + ":" + column + ": " + reason);
      this.line = line;
      this.column = column;
      this.reason = reason;
    }

    public long line() {
      return line;
    }

    public long column() {
      return column;
    }

    public String reason() {
      return reason;
    }
  }

  private final InputStream in;
  private byte[] buf = new byte[64 * 1024];
  private int start;
  private int validEnd;
  private int end;
  private boolean eof;
  private InvalidUtf8Exception pendingError;
  private long line = 1;
  private long lineStartOffset;
  private long offset;

  public Utf8ValidatingInputStream(InputStream in) {
    this.in = in;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (start == validEnd) {
      if (!refill()) {
        return -1;
      }
    }
    int n = Math.min(len, validEnd - start);
    System.arraycopy(buf, start, b, off, n);
    start += n;
    return n;
  }

  private boolean refill() throws IOException {
    if (pendingError != null) {
      throw pendingError;
    }
    if (eof) {
      if (end > validEnd) {
        throw invalid(validEnd, "invalid UTF-8 (truncated sequence at the end)");
      }
      return false;
    }
    // Keep the unvalidated tail (at most 3 bytes of a split sequence) at the front.
    int tail = end - validEnd;
    System.arraycopy(buf, validEnd, buf, 0, tail);
    start = 0;
    validEnd = 0;
    end = tail;
    int n = in.read(buf, end, buf.length - end);
    if (n < 0) {
      eof = true;
      return end > 0 ? refill() : false;
    }
    end += n;
    int bad = Utf8.firstInvalid(buf, 0, end);
    int good = bad < 0 ? end : bad;
    if (bad >= 0 && bad >= end - 3 && !eof && incompleteTail(bad)) {
      good = bad; // may be completed by the next read
    } else if (bad >= 0) {
      // Deliver the good bytes before the bad one first, so the parser reports what precedes it.
      countLines(0, bad);
      pendingError = invalid(bad, buf[bad] == 0 ? "NUL byte (not allowed in JSON text)"
          : "invalid UTF-8 (byte 0x" + Integer.toHexString(buf[bad] & 0xff) + ")");
      if (bad == 0) {
        throw pendingError;
      }
      validEnd = bad;
      end = bad;
      eof = true;
      return true;
    }
    countLines(0, good);
    validEnd = good;
    return true;
  }

  /** Whether the bytes from {@code i} to the end are a valid but unfinished sequence. */
  private boolean incompleteTail(int i) {
    int c = buf[i] & 0xff;
    int need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;
    if (need == 0 || end - i >= need) {
      return false;
    }
    for (int k = i + 1; k < end; k++) {
      if ((buf[k] & 0xc0) != 0x80) {
        return false;
      }
    }
    return true;
  }

  private void countLines(int from, int to) {
    for (int i = from; i < to; i++) {
      if (buf[i] == '\n') {
        line++;
        lineStartOffset = offset + i + 1;
      }
    }
    offset += to - from;
  }

  private InvalidUtf8Exception invalid(int index, String reason) {
    // countLines has run up to index, so offset is the absolute position of index.
    return new InvalidUtf8Exception(line, offset - lineStartOffset + 1, reason);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
