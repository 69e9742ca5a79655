package dev.reflow.trace.storage;

import dev.reflow.trace.model.ExecutionId;
import dev.reflow.trace.model.ExecutionStatus;
import dev.reflow.trace.model.FlowId;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.Timestamp;
import java.time.Instant;
import java.util.Comparator;
import java.util.Locale;

/**
 * Reflow's {@code TraceQuery}: optional filters that AND together, and paging. Built with
 * {@link #builder()}; {@link #all()} matches everything. Invalid values are rejected with
 * {@link IllegalArgumentException} when built, so that no backend ever sees them: a negative limit
 * or offset, a range whose start is after its end, a flow id or actor filter that is not Unicode
 * text (an unpaired surrogate, which no stored id can hold and which each database would turn
 * into something else), and a flow id or actor filter longer than {@link #MAX_FLOW_ID_FILTER_LENGTH}
 * or {@link #MAX_ACTOR_FILTER_LENGTH}.
 *
 * @param flowId exact match, or null; at most {@link #MAX_FLOW_ID_FILTER_LENGTH} characters
 * @param executionId exact match, or null
 * @param from inclusive lower bound on {@code start_time} (microsecond precision), or null
 * @param to inclusive upper bound on {@code start_time} (microsecond precision), or null
 * @param status matches by {@link ExecutionStatus#kind()}; a {@code Failed} matches any error
 * @param actorFilter some event's {@code actor_id} contains this text, case-sensitive and literal;
 *     at most {@link #MAX_ACTOR_FILTER_LENGTH} characters
 * @param limit at most this many results, or null for all
 * @param offset skip this many results of the ordered match, or null for none
 * @param after only traces after this position in {@link #ORDER} (keyset paging: pass the
 *     position of the last trace of the previous page), or null to start at the beginning; applied
 *     before {@code offset} and {@code limit}
 */
public record TraceQuery(
    FlowId flowId,
    ExecutionId executionId,
    Instant from,
    Instant to,
    ExecutionStatus status,
    String actorFilter,
    Integer limit,
    Integer offset,
    TracePosition after) {

  /**
   * The normative result order: {@code start_time} (at microsecond precision) descending, then
   * {@code trace_id} ascending in unsigned byte order.
   */
  public static final Comparator<FlowTrace> ORDER =
      Comparator.comparingLong((FlowTrace t) -> t.startTime().epochMicros()).reversed()
          .thenComparing(FlowTrace::traceId);

  /**
   * The longest actor filter, in characters (Unicode code points). A substring search costs up to
   * the filter's length times the length of every actor id it is tried against, so the filter is
   * bounded; 1,024 characters find any actor id by a distinctive part of it, however long the id.
   */
  public static final int MAX_ACTOR_FILTER_LENGTH = 1024;

  /**
   * The longest flow id filter, in characters (Unicode code points): 4 Mi. The flow id filter is an
   * exact comparison, whose cost grows only linearly, so the bound is far above any flow id worth
   * storing (a 1 MB flow id can be queried exactly); it only stops an absurd request from reaching
   * the database.
   */
  public static final int MAX_FLOW_ID_FILTER_LENGTH = 4 * 1024 * 1024;

  public TraceQuery {
    if (flowId != null) {
      checkFilterText("flow id filter", flowId.value(), MAX_FLOW_ID_FILTER_LENGTH, "MAX_FLOW_ID_FILTER_LENGTH");
    }
    if (actorFilter != null) {
      checkFilterText("actor filter", actorFilter, MAX_ACTOR_FILTER_LENGTH, "MAX_ACTOR_FILTER_LENGTH");
    }
    if (limit != null && limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, got " + limit);
    }
    if (offset != null && offset < 0) {
      throw new IllegalArgumentException("offset must not be negative, got " + offset);
    }
    if (from != null && to != null && from.isAfter(to)) {
      throw new IllegalArgumentException("time range start " + from + " is after its end " + to);
    }
  }

  /** Reflow's eight fields, without a keyset position (the form before {@link #after} existed). */
  public TraceQuery(FlowId flowId, ExecutionId executionId, Instant from, Instant to,
      ExecutionStatus status, String actorFilter, Integer limit, Integer offset) {
    this(flowId, executionId, from, to, status, actorFilter, limit, offset, null);
  }

  // One pass: counts code points and finds the first unpaired surrogate. The message never echoes
  // the value, which may be megabytes long.
  private static void checkFilterText(String what, String value, int maxLength, String constant) {
    int length = 0;
    int n = value.length();
    for (int i = 0; i < n; i++, length++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(what + " holds an unpaired surrogate U+"
            + Integer.toHexString(c).toUpperCase(Locale.ROOT) + " at index " + i
            + ": filters must be Unicode text, and no stored id can contain one");
      }
    }
    if (length > maxLength) {
      throw new IllegalArgumentException(what + " is " + length + " characters long; at most " + maxLength
          + " are allowed (TraceQuery." + constant + ")");
    }
  }

  /** A query that matches every trace, unpaged. */
  public static TraceQuery all() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialised with this query's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.flowId = flowId;
    b.executionId = executionId;
    b.from = from;
    b.to = to;
    b.status = status;
    b.actorFilter = actorFilter;
    b.limit = limit;
    b.offset = offset;
    b.after = after;
    return b;
  }

  /** The status kind filtered on, or null. */
  public ExecutionStatus.Kind statusKind() {
    return status == null ? null : status.kind();
  }

  /**
   * {@link #from} in epoch microseconds, truncated toward the past, or null. A bound beyond what a
   * long holds (such as {@code Instant.MIN}) saturates to {@code Long.MIN_VALUE}: it still means
   * "no lower limit" rather than failing.
   */
  public Long fromMicros() {
    return from == null ? null : saturatedMicros(from);
  }

  /**
   * {@link #to} in epoch microseconds, truncated toward the past, or null. A bound beyond what a
   * long holds (such as {@code Instant.MAX}) saturates to {@code Long.MAX_VALUE}.
   */
  public Long toMicros() {
    return to == null ? null : saturatedMicros(to);
  }

  private static long saturatedMicros(Instant instant) {
    try {
      return Timestamp.of(instant).epochMicros();
    } catch (ArithmeticException overflow) {
      return instant.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  /** This query without limit and offset: what {@link TraceStorage#count} counts. */
  public TraceQuery unpaged() {
    return limit == null && offset == null ? this : toBuilder().limit(null).offset(null).build();
  }

  /**
   * Whether the trace passes every filter and comes after {@link #after} (limit and offset
   * aside). The reference semantics: backends that filter in a database must agree with this
   * method.
   */
  public boolean matches(FlowTrace trace) {
    if (after != null && !after.isBefore(TracePosition.of(trace))) {
      return false;
    }
    if (flowId != null && !flowId.equals(trace.flowId())) {
      return false;
    }
    if (executionId != null && !executionId.equals(trace.executionId())) {
      return false;
    }
    long start = trace.startTime().epochMicros();
    if (from != null && start < fromMicros()) {
      return false;
    }
    if (to != null && start > toMicros()) {
      return false;
    }
    if (status != null && status.kind() != trace.status().kind()) {
      return false;
    }
    return actorFilter == null || trace.hasActorContaining(actorFilter);
  }

  /** Builds a {@link TraceQuery}. */
  public static final class Builder {
    private FlowId flowId;
    private ExecutionId executionId;
    private Instant from;
    private Instant to;
    private ExecutionStatus status;
    private String actorFilter;
    private Integer limit;
    private Integer offset;
    private TracePosition after;

    private Builder() {}

    public Builder flowId(FlowId value) {
      this.flowId = value;
      return this;
    }

    public Builder flowId(String value) {
      return flowId(value == null ? null : FlowId.of(value));
    }

    public Builder executionId(ExecutionId value) {
      this.executionId = value;
      return this;
    }

    /** Inclusive bounds on {@code start_time}; either may be null for an open end. */
    public Builder timeRange(Instant fromInclusive, Instant toInclusive) {
      this.from = fromInclusive;
      this.to = toInclusive;
      return this;
    }

    public Builder from(Instant fromInclusive) {
      this.from = fromInclusive;
      return this;
    }

    public Builder to(Instant toInclusive) {
      this.to = toInclusive;
      return this;
    }

    public Builder status(ExecutionStatus value) {
      this.status = value;
      return this;
    }

    /** Filters on a status kind; {@code FAILED} matches any error text. */
    public Builder status(ExecutionStatus.Kind kind) {
      if (kind == null) {
        this.status = null;
      } else {
        this.status = switch (kind) {
          case PENDING -> ExecutionStatus.PENDING;
          case RUNNING -> ExecutionStatus.RUNNING;
          case COMPLETED -> ExecutionStatus.COMPLETED;
          case FAILED -> ExecutionStatus.failed("");
          case CANCELLED -> ExecutionStatus.CANCELLED;
        };
      }
      return this;
    }

    public Builder actorFilter(String value) {
      this.actorFilter = value;
      return this;
    }

    public Builder limit(Integer value) {
      this.limit = value;
      return this;
    }

    public Builder offset(Integer value) {
      this.offset = value;
      return this;
    }

    /**
     * Keyset paging: only traces after this position in the query order
     * ({@code TracePosition.of(lastTraceOfThePreviousPage)}); null for none.
     */
    public Builder after(TracePosition value) {
      this.after = value;
      return this;
    }

    /**
     * @throws IllegalArgumentException for a negative limit or offset, an inverted range, or a flow
     *     id or actor filter that holds an unpaired surrogate or is longer than its maximum
     */
    public TraceQuery build() {
      return new TraceQuery(flowId, executionId, from, to, status, actorFilter, limit, offset, after);
    }
  }
}
