package dev.reflow.trace.cli.internal;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * Splits an import input into the bytes of single trace documents without holding more than one
 * of them in memory. An input is one trace object, a JSON array of trace objects, NDJSON (one
 * object per line), or objects one after another. Each document's bytes are exactly as they were
 * in the input, so the codec sees what Reflow wrote; this class only finds where each begins and
 * ends (tracking strings and escapes), and where it is on which line.
 *
 * <p>NDJSON is recognised when the first object ends on its own line and another line follows:
 * from then on every non-blank line is one document, so a broken line costs only that line.
 */
public final class TraceSplitter implements Closeable {

  /** A piece of the input: a document's bytes, or a problem; with the 1-based place it starts. */
  public sealed interface Piece permits Document, Problem {
    long line();

    long column();
  }

  /** One trace document's bytes. */
  public record Document(byte[] json, long line, long column) implements Piece {}

  /** Input that is not a trace document; reading continues after it where it can. */
  public record Problem(String reason, long line, long column) implements Piece {}

  private enum Mode { START, ARRAY, OBJECTS, LINES, END }

  private InputStream in;
  private boolean lastLineHadNewline;
  private Mode mode = Mode.START;
  private long line = 1;
  private long column = 1;
  private int peeked = -2;

  public TraceSplitter(InputStream in) {
    this.in = new BufferedInputStream(in, 1 << 16);
  }

  /** The next piece, or null at the end. */
  public Piece next() throws IOException {
    while (true) {
      switch (mode) {
        case START -> {
          skipBom();
          skipWhitespace();
          int c = peek();
          if (c < 0) {
            mode = Mode.END;
            return new Problem("empty input: expected a trace object, a JSON array of traces, or NDJSON", line, column);
          }
          if (c == '[') {
            read();
            mode = Mode.ARRAY;
            continue;
          }
          if (c == '{') {
            // A first line that is one whole object means NDJSON (or a one-line trace): from here
            // on every line stands alone, so a broken line cannot swallow the ones after it.
            long l = line;
            long col = column;
            byte[] first = readLineBytes();
            boolean newline = lastLineHadNewline;
            byte[] trimmed = trim(first);
            if (trimmed[trimmed.length - 1] == '}') {
              mode = Mode.LINES;
              return new Document(trimmed, l, col);
            }
            // A pretty-printed object: put the line back and scan objects.
            byte[] back = newline ? java.util.Arrays.copyOf(first, first.length + 1) : first;
            if (newline) {
              back[first.length] = '\n';
            }
            in = new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(back), in);
            line = l;
            column = col;
            mode = Mode.OBJECTS;
            continue;
          }
          mode = Mode.LINES;
          return skipLine("expected a trace object, a JSON array of traces, or NDJSON, found " + describe(c));
        }
        case ARRAY -> {
          Piece p = nextInArray();
          if (p != null) {
            return p;
          }
        }
        case OBJECTS -> {
          skipWhitespace();
          int c = peek();
          if (c < 0) {
            mode = Mode.END;
            continue;
          }
          if (c != '{') {
            mode = Mode.LINES;
            return skipLine("expected a trace object, found " + describe(c));
          }
          long l = line;
          long col = column;
          Object o = readObject();
          if (o instanceof Problem p) {
            mode = Mode.END;
            return p;
          }
          return new Document((byte[]) o, l, col);
        }
        case LINES -> {
          Piece p = nextLine();
          if (p != null) {
            return p;
          }
          mode = Mode.END;
        }
        case END -> {
          return null;
        }
        default -> throw new IllegalStateException(mode.toString());
      }
    }
  }

  private Piece nextInArray() throws IOException {
    skipWhitespace();
    int c = peek();
    if (c == ']') {
      read();
      skipWhitespace();
      int rest = peek();
      mode = Mode.END;
      return rest < 0 ? null : new Problem("unexpected " + describe(rest) + " after the closing ] of the array", line, column);
    }
    if (c == ',') {
      read();
      return nextInArray();
    }
    if (c < 0) {
      mode = Mode.END;
      return new Problem("unexpected end of input: the JSON array is not closed with ]", line, column);
    }
    long l = line;
    long col = column;
    if (c != '{') {
      skipValue();
      return new Problem("expected a trace object in the array, found " + describe(c), l, col);
    }
    Object o = readObject();
    if (o instanceof Problem p) {
      mode = Mode.END;
      return p;
    }
    return new Document((byte[]) o, l, col);
  }

  /** One non-blank line as a document, or null at the end. */
  private Piece nextLine() throws IOException {
    while (true) {
      int c = peek();
      if (c < 0) {
        return null;
      }
      long l = line;
      byte[] bytes = readLineBytes();
      int start = trimStart(bytes);
      if (start == bytes.length) {
        continue;
      }
      byte[] json = trim(bytes);
      return new Document(json, l, start + 1);
    }
  }

  /** The rest of the current line, without its line break. */
  private byte[] readLineBytes() throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(4096);
    int c;
    while ((c = read()) >= 0 && c != '\n') {
      buf.write(c);
    }
    lastLineHadNewline = c == '\n';
    return buf.toByteArray();
  }

  private static int trimStart(byte[] bytes) {
    int start = 0;
    while (start < bytes.length && isWhitespace(bytes[start])) {
      start++;
    }
    return start;
  }

  private static byte[] trim(byte[] bytes) {
    int end = bytes.length;
    while (end > 0 && isWhitespace(bytes[end - 1])) {
      end--;
    }
    return java.util.Arrays.copyOfRange(bytes, Math.min(trimStart(bytes), end), end);
  }

  /** An object's bytes from { to its matching }, or a problem if the input ends inside it. */
  private Object readObject() throws IOException {
    long l = line;
    long col = column;
    ByteArrayOutputStream buf = new ByteArrayOutputStream(8192);
    int depth = 0;
    boolean inString = false;
    boolean escaped = false;
    int c;
    while ((c = read()) >= 0) {
      buf.write(c);
      if (inString) {
        if (escaped) {
          escaped = false;
        } else if (c == '\\') {
          escaped = true;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        depth--;
        if (depth == 0) {
          return buf.toByteArray();
        }
      }
    }
    return new Problem("unexpected end of input inside the trace object that starts here", l, col);
  }

  /** Skips a non-object array element up to the next , or ] at its level. */
  private void skipValue() throws IOException {
    int depth = 0;
    boolean inString = false;
    boolean escaped = false;
    int c;
    while ((c = peek()) >= 0) {
      if (!inString && depth == 0 && (c == ',' || c == ']')) {
        return;
      }
      read();
      if (inString) {
        if (escaped) {
          escaped = false;
        } else if (c == '\\') {
          escaped = true;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        depth--;
      }
    }
  }

  private Problem skipLine(String reason) throws IOException {
    Problem p = new Problem(reason, line, column);
    int c;
    while ((c = read()) >= 0 && c != '\n') {
      // skip the rest of the line
    }
    return p;
  }

  private static String describe(int c) {
    if (c < 0) {
      return "end of input";
    }
    if (c >= 0x20 && c < 0x7f) {
      return "'" + (char) c + "'";
    }
    return String.format("byte 0x%02x", c);
  }

  private void skipBom() throws IOException {
    if (peeked != -2 || line != 1 || column != 1) {
      return;
    }
    in.mark(3);
    if (!(in.read() == 0xEF && in.read() == 0xBB && in.read() == 0xBF)) {
      in.reset();
    }
  }

  private void skipWhitespace() throws IOException {
    while (isWhitespace(peek())) {
      read();
    }
  }

  private void skipSpacesOnLine() throws IOException {
    int c;
    while ((c = peek()) == ' ' || c == '\t') {
      read();
    }
  }

  private static boolean isWhitespace(int c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  private int peek() throws IOException {
    if (peeked == -2) {
      peeked = in.read();
    }
    return peeked;
  }

  private int read() throws IOException {
    int c = peek();
    peeked = -2;
    if (c == '\n') {
      line++;
      column = 1;
    } else if (c >= 0 && (c & 0xC0) != 0x80) {
      // Columns count characters: UTF-8 continuation bytes do not start one.
      column++;
    }
    return c;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
