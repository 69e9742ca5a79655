package dev.reflow.trace.json.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.reflow.trace.json.TraceFormatException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A Jackson parser together with what it takes to report an error on it: the line offsets of the
 * chunk being parsed and the value being decoded, so that every {@link TraceFormatException} has
 * line, column and a JSON path relative to that value ({@code $} is the value itself). The path is
 * computed from Jackson's parsing context only when an error happens, so the happy path pays
 * nothing for it.
 */
final class JsonCursor {
  /** The parser every reader advances; readers start and end on the value's first/last token. */
  final JsonParser p;
  private final String source;
  private final long lineBase;
  private final long firstLineColumnBase;
  private JsonStreamContext base;

  JsonCursor(JsonParser p, String source, long lineBase, long firstLineColumnBase) {
    this.p = p;
    this.source = source;
    this.lineBase = lineBase;
    this.firstLineColumnBase = firstLineColumnBase;
  }

  /** Moves to the first token (unless one is current) and makes it the root of error paths. */
  void begin() throws IOException {
    if (p.currentToken() == null) {
      if (p.nextToken() == null) {
        throw new TraceFormatException(source, -1, -1, null, "EOF while parsing a value", null);
      }
    }
    markCurrentAsRoot();
  }

  private void markCurrentAsRoot() {
    JsonStreamContext ctx = p.getParsingContext();
    JsonToken t = p.currentToken();
    boolean opened = t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY;
    base = opened ? ctx.getParent() : ctx;
  }

  /** Fails unless the input has nothing but whitespace left, as serde_json's {@code from_slice}. */
  void expectEnd() {
    base = null;
    JsonToken t;
    try {
      t = p.nextToken();
    } catch (JsonProcessingException e) {
      throw fail("trailing characters after the value", e.getLocation(), e);
    } catch (IOException e) {
      throw wrap(e);
    }
    if (t != null) {
      throw fail("trailing characters after the value");
    }
  }

  /** An error about the current token as a whole value of its own ({@code $} is that value). */
  TraceFormatException failAtValue(String reason) {
    markCurrentAsRoot();
    return fail(reason);
  }

  /** An error at the current token, naming the path of the current value. */
  TraceFormatException fail(String reason) {
    return fail(reason, p.currentTokenLocation(), null);
  }

  TraceFormatException fail(String reason, JsonLocation loc, Throwable cause) {
    long line = -1;
    long column = -1;
    if (loc != null && loc.getLineNr() > 0) {
      line = loc.getLineNr() + lineBase;
      column = loc.getColumnNr() + (loc.getLineNr() == 1 ? firstLineColumnBase : 0);
    }
    return new TraceFormatException(source, line, column, path(), reason, cause);
  }

  /** Converts a Jackson syntax error (or invalid UTF-8, or an I/O error) into a positioned format error. */
  TraceFormatException wrap(IOException e) {
    if (e instanceof Utf8ValidatingInputStream.InvalidUtf8Exception u) {
      return new TraceFormatException(source, u.line() + lineBase, u.column(), null, u.reason(), e);
    }
    String reason;
    if (e instanceof StreamConstraintsException) {
      reason = "recursion limit exceeded (JSON nested deeper than " + JsonFactories.MAX_DEPTH + " levels)";
    } else if (e instanceof JsonProcessingException jpe) {
      reason = plainWords(jpe.getOriginalMessage());
    } else {
      reason = "I/O error: " + e.getMessage();
    }
    JsonLocation loc = e instanceof JsonProcessingException jpe ? jpe.getLocation() : null;
    return fail(reason, loc, e);
  }

  /**
   * A Jackson message without the parts that speak to Jackson's users rather than ours: feature
   * switches ({@code enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow}) that this
   * reader must not turn on, and the input source description. What is wrong stays.
   */
  static String plainWords(String message) {
    if (message == null) {
      return "invalid JSON";
    }
    String s = message.replaceAll("(?s)\\s*\\(?for input source:.*$", "");
    s = s.replaceAll("\\s*[:;,(]?\\s*(?:enable|disable|include|use)\\s+`[^`]*`[^;:)\\n]*\\)?", "");
    s = s.replaceAll("\\s*\\([^()]*Feature[^()]*\\)", "");
    s = s.replaceAll("\\s*[:;,]?\\s*`?[A-Za-z]+Feature\\.[A-Z_]+`?[^;:)\\n]*", "");
    s = s.strip();
    return s.isEmpty() ? "invalid JSON" : s;
  }

  /** serde's wording: {@code invalid type: string "x", expected u64}. */
  TraceFormatException invalidType(String expected) throws IOException {
    return fail("invalid type: " + describeCurrent() + ", expected " + expected);
  }

  /** The current token as serde names it in errors. */
  String describeCurrent() throws IOException {
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT:
        return "map";
      case START_ARRAY:
        return "sequence";
      case VALUE_STRING:
        return "string " + quote(p.getText());
      case VALUE_NUMBER_INT:
        return "integer `" + p.getText() + "`";
      case VALUE_NUMBER_FLOAT:
        return "floating point `" + p.getText() + "`";
      case VALUE_TRUE:
        return "boolean `true`";
      case VALUE_FALSE:
        return "boolean `false`";
      case VALUE_NULL:
        return "null";
      default:
        return t.asString() == null ? t.name() : t.asString();
    }
  }

  /** A string for an error message: quoted, escaped, cut at 80 characters. */
  static String quote(String s) {
    String shown = s.length() > 80 ? s.substring(0, 77) + "..." : s;
    return "\"" + shown.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /**
   * Whether the current number token is written with a minus sign: tells {@code -0} from {@code 0},
   * which serde_json reads as a float and an integer.
   */
  boolean startsWithMinus() throws IOException {
    return p.getTextCharacters()[p.getTextOffset()] == '-';
  }

  /** {@code $.events[3].timestamp}: the current value's path, relative to the decoded value. */
  private String path() {
    if (base == null) {
      return null;
    }
    List<JsonStreamContext> chain = new ArrayList<>();
    for (JsonStreamContext c = p.getParsingContext(); c != null && c != base; c = c.getParent()) {
      chain.add(c);
    }
    StringBuilder sb = new StringBuilder("$");
    for (int i = chain.size() - 1; i >= 0; i--) {
      JsonStreamContext c = chain.get(i);
      if (c.inObject() && c.getCurrentName() != null) {
        sb.append('.').append(c.getCurrentName());
      } else if (c.inArray() && c.getCurrentIndex() >= 0 && c.getEntryCount() > 0) {
        sb.append('[').append(c.getCurrentIndex()).append(']');
      }
    }
    return sb.toString();
  }
}
