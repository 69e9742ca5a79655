package dev.reflow.trace.json.internal;

import com.fasterxml.jackson.core.JsonParser;
import dev.reflow.trace.json.TraceFormatException;
import dev.reflow.trace.model.ExecutionStatus;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.FlowVersion;
import dev.reflow.trace.model.JsonValue;
import dev.reflow.trace.model.TraceEvent;
import dev.reflow.trace.model.TraceEventType;
import dev.reflow.trace.storage.TraceQuery;
import java.io.IOException;

/**
 * Reads Reflow's types from a Jackson token stream with serde-derive semantics: fields matched by
 * name, unknown keys ignored, missing {@code Option} fields null, missing required fields and
 * duplicate fields errors, structs also accepted in serde's sequence form ({@code [v1, v2, …]}),
 * externally tagged enums, exact integer ranges. Both model versions ([S] and [N]) are accepted.
 * The types' shapes are declared in {@link TraceShapes}.
 *
 * <p>Errors are {@link TraceFormatException}s with line, column and a JSON path relative to the
 * value being decoded ({@code $} is the trace).
 */
public final class TraceDecoder {
  private final JsonCursor cursor;

  /**
   * @param lineBase added to Jackson's line numbers (for input parsed in chunks)
   * @param firstLineColumnBase added to Jackson's column numbers on its first line
   */
  public TraceDecoder(JsonParser p, String source, long lineBase, long firstLineColumnBase) {
    this.cursor = new JsonCursor(p, source, lineBase, firstLineColumnBase);
  }

  public TraceDecoder(JsonParser p, String source) {
    this(p, source, 0, 0);
  }

  /** Reads a trace whose first token is current (or the next one if none is current). */
  public FlowTrace readTrace() {
    return read(TraceShapes.FLOW_TRACE);
  }

  /** Reads any JSON value, with serde_json {@code Value} semantics. */
  public JsonValue readValue() {
    return read(JsonValues::read);
  }

  /** Reads Reflow's {@code TraceQuery}. */
  public TraceQuery readQuery() {
    return read(TraceShapes.TRACE_QUERY);
  }

  /** Reads Reflow's {@code TraceEvent}. */
  public TraceEvent readEvent() {
    return read(TraceShapes.TRACE_EVENT);
  }

  /** Reads Reflow's {@code FlowVersion}. */
  public FlowVersion readVersion() {
    return read(TraceShapes.FLOW_VERSION);
  }

  /** Reads Reflow's {@code ExecutionStatus}. */
  public ExecutionStatus readStatus() {
    return read(TraceShapes.STATUS);
  }

  /** Reads Reflow's {@code TraceEventType}. */
  public TraceEventType readEventType() {
    return read(TraceShapes.EVENT_TYPE);
  }

  private <T> T read(ValueReader<T> reader) {
    try {
      cursor.begin();
      return reader.read(cursor);
    } catch (IOException e) {
      throw cursor.wrap(e);
    }
  }

  /** Fails unless the input has nothing but whitespace left, as serde_json's {@code from_slice}. */
  public void expectEnd() {
    cursor.expectEnd();
  }

  /** An error about the current token as a whole value of its own ({@code $} is that value). */
  public TraceFormatException failAtValue(String reason) {
    return cursor.failAtValue(reason);
  }

  /** Converts a Jackson syntax error into a positioned format error. */
  public TraceFormatException wrap(IOException e) {
    return cursor.wrap(e);
  }
}
