package dev.reflow.trace.storage;

import dev.reflow.trace.json.TraceJson;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.TraceId;
import java.util.Objects;

/**
 * One trace as {@link TraceStorage#streamJson} yields it: its place in the query order and its
 * compact Reflow JSON, the bytes {@link TraceStorage#getJson} returns for it. For callers that
 * pass traces on without looking inside (an export, a copy to another store, a checksum).
 *
 * <p>The array is not copied; a record holds the only reference the storage made. Two instances
 * are equal when the id, start time and bytes are.
 *
 * @param traceId the trace id
 * @param startTimeMicros {@code start_time} in epoch microseconds
 * @param json the compact Reflow JSON, UTF-8, without a trailing newline
 */
public record StoredTrace(TraceId traceId, long startTimeMicros, byte[] json) {

  public StoredTrace {
    Objects.requireNonNull(traceId, "traceId");
    Objects.requireNonNull(json, "json");
  }

  /** The JSON of a trace built in memory. */
  public static StoredTrace of(FlowTrace trace) {
    return new StoredTrace(trace.traceId(), trace.startTime().epochMicros(), TraceJson.writeBytes(trace));
  }

  /** The place of this trace in the query order, to continue after it. */
  public TracePosition position() {
    return new TracePosition(startTimeMicros, traceId);
  }

  /** Parses the JSON. */
  public FlowTrace trace() {
    return TraceJson.read(json);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StoredTrace other && traceId.equals(other.traceId)
        && startTimeMicros == other.startTimeMicros && java.util.Arrays.equals(json, other.json);
  }

  @Override
  public int hashCode() {
    return traceId.hashCode();
  }

  @Override
  public String toString() {
    return "StoredTrace[" + traceId + ", " + startTimeMicros + ", " + json.length + " bytes]";
  }
}
