package dev.reflow.trace.storage;

import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.Timestamp;
import dev.reflow.trace.model.TraceId;
import java.util.Objects;

/**
 * A place in the normative query order ({@link TraceQuery#ORDER}): a trace's {@code start_time}
 * in epoch microseconds and its id. {@link TraceQuery#after()} starts a query just after such a
 * place, so a caller pages by key (the last trace of one page starts the next) instead of by
 * offset, whose cost grows with the depth of the page.
 *
 * @param startTimeMicros {@code start_time} in epoch microseconds (the precision the order uses)
 * @param traceId the trace id, ordered as unsigned bytes (the order of the lowercase string)
 */
public record TracePosition(long startTimeMicros, TraceId traceId) implements Comparable<TracePosition> {

  public TracePosition {
    Objects.requireNonNull(traceId, "traceId");
  }

  /** The position of this trace. */
  public static TracePosition of(FlowTrace trace) {
    return new TracePosition(trace.startTime().epochMicros(), trace.traceId());
  }

  /** {@link #startTimeMicros} as a timestamp. */
  public Timestamp startTime() {
    return Timestamp.ofEpochMicros(startTimeMicros);
  }

  /**
   * Compares in the normative order: a later {@code start_time} comes first, then the smaller
   * trace id. A negative result means this position is returned before {@code other}.
   */
  @Override
  public int compareTo(TracePosition other) {
    int byTime = Long.compare(other.startTimeMicros, startTimeMicros);
    return byTime != 0 ? byTime : traceId.compareTo(other.traceId);
  }

  /** Whether a trace at {@code other} comes after this position in the normative order. */
  public boolean isBefore(TracePosition other) {
    return compareTo(other) < 0;
  }

  /** {@code 1700000000123456/6f1c…}: the form the CLI reads back with {@link #parse}. */
  @Override
  public String toString() {
    return startTimeMicros + "/" + traceId;
  }

  /**
   * Reads {@link #toString()}'s form, {@code <start_time micros>/<trace id>}.
   *
   * @throws IllegalArgumentException naming what is wrong with the text
   */
  public static TracePosition parse(String text) {
    Objects.requireNonNull(text, "text");
    int slash = text.indexOf('/');
    if (slash <= 0 || slash == text.length() - 1) {
      throw new IllegalArgumentException("Invalid trace position \"" + text
          + "\": expected <start_time epoch microseconds>/<trace id>");
    }
    long micros;
    try {
      micros = Long.parseLong(text.substring(0, slash));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Invalid trace position \"" + text
          + "\": the part before '/' must be epoch microseconds");
    }
    try {
      return new TracePosition(micros, TraceId.parse(text.substring(slash + 1)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Invalid trace position \"" + text
          + "\": the part after '/' must be a trace id (" + e.getMessage() + ")");
    }
  }
}
