package dev.reflow.trace.cli.internal;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Cleans every line written through it with {@link Secrets#redact}: the command line's stderr is
 * wrapped in one, so that its own messages, stack traces with {@code --verbose}, and the log
 * lines of every library (pgjdbc, HikariCP, the MongoDB driver, Flyway) are redacted in one place,
 * whoever wrote them. Bytes are held until a line ends ({@code \n} or {@code \r}, which the
 * progress bar uses) or the stream is flushed; a line longer than {@link #MAX_LINE} is passed on
 * in pieces rather than held without bound.
 */
public final class RedactingOutputStream extends FilterOutputStream {
  static final int MAX_LINE = 64 * 1024;

  private final ByteArrayOutputStream line = new ByteArrayOutputStream();

  public RedactingOutputStream(OutputStream out) {
    super(out);
  }

  @Override
  public synchronized void write(int b) throws IOException {
    line.write(b);
    if (b == '\n' || b == '\r' || line.size() >= MAX_LINE) {
      emit();
    }
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) throws IOException {
    int end = off + len;
    int start = off;
    for (int i = off; i < end; i++) {
      if (b[i] == '\n' || b[i] == '\r') {
        line.write(b, start, i + 1 - start);
        start = i + 1;
        emit();
      }
    }
    line.write(b, start, end - start);
    if (line.size() >= MAX_LINE) {
      emit();
    }
  }

  @Override
  public synchronized void flush() throws IOException {
    emit();
    out.flush();
  }

  @Override
  public synchronized void close() throws IOException {
    flush();
  }

  private void emit() throws IOException {
    if (line.size() == 0) {
      return;
    }
    String text = line.toString(StandardCharsets.UTF_8);
    line.reset();
    out.write(Secrets.redact(text).getBytes(StandardCharsets.UTF_8));
  }
}
