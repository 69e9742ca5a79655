package dev.reflow.trace.storage;

import dev.reflow.trace.model.ExecutionId;
import dev.reflow.trace.model.ExecutionStatus;
import dev.reflow.trace.model.FlowId;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.Timestamp;
import java.time.Instant;
import java.util.Comparator;

/**
 * Reflow's {@code TraceQuery}: optional filters that AND together, and paging. Built with
 * {@link #builder()}; {@link #all()} matches everything. Invalid values (negative limit or
 * offset, a range whose start is after its end) are rejected with {@link IllegalArgumentException}
 * when built.
 *
 * @param flowId exact match, or null
 * @param executionId exact match, or null
 * @param from inclusive lower bound on {@code start_time} (microsecond precision), or null
 * @param to inclusive upper bound on {@code start_time} (microsecond precision), or null
 * @param status matches by {@link ExecutionStatus#kind()}; a {@code Failed} matches any error
 * @param actorFilter some event's {@code actor_id} contains this text, case-sensitive and literal
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

  public TraceQuery {
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

  /** {@link #from} in epoch microseconds, truncated toward the past, or null. */
  public Long fromMicros() {
    return from == null ? null : Timestamp.of(from).epochMicros();
  }

  /** {@link #to} in epoch microseconds, truncated toward the past, or null. */
  public Long toMicros() {
    return to == null ? null : Timestamp.of(to).epochMicros();
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

    /** @throws IllegalArgumentException for a negative limit or offset or an inverted range */
    public TraceQuery build() {
      return new TraceQuery(flowId, executionId, from, to, status, actorFilter, limit, offset, after);
    }
  }
}
