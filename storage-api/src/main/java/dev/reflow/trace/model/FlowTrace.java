package dev.reflow.trace.model;

import java.util.List;
import java.util.Objects;

/**
 * One run of a Reflow flow: Reflow's {@code FlowTrace}, field for field in declaration order.
 *
 * @param endTime null while the flow is in flight
 * @param events in arrival order
 */
public record FlowTrace(
    TraceId traceId,
    FlowId flowId,
    ExecutionId executionId,
    FlowVersion version,
    Timestamp startTime,
    Timestamp endTime,
    ExecutionStatus status,
    List<TraceEvent> events,
    TraceMetadata metadata) {

  public FlowTrace {
    Objects.requireNonNull(traceId, "trace_id");
    Objects.requireNonNull(flowId, "flow_id");
    Objects.requireNonNull(executionId, "execution_id");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(startTime, "start_time");
    Objects.requireNonNull(status, "status");
    events = List.copyOf(Objects.requireNonNull(events, "events"));
    Objects.requireNonNull(metadata, "metadata");
  }

  /** The same trace with another id. */
  public FlowTrace withTraceId(TraceId id) {
    return new FlowTrace(id, flowId, executionId, version, startTime, endTime, status, events, metadata);
  }

  /** The same trace with another start time. */
  public FlowTrace withStartTime(Timestamp start) {
    return new FlowTrace(traceId, flowId, executionId, version, start, endTime, status, events, metadata);
  }

  /** The same trace with another status and end time. */
  public FlowTrace withStatus(ExecutionStatus newStatus, Timestamp newEndTime) {
    return new FlowTrace(traceId, flowId, executionId, version, startTime, newEndTime, newStatus, events, metadata);
  }

  /** The same trace with other events. */
  public FlowTrace withEvents(List<TraceEvent> newEvents) {
    return new FlowTrace(traceId, flowId, executionId, version, startTime, endTime, status, newEvents, metadata);
  }

  /** Whether any event's {@code actor_id} contains {@code text} (case-sensitive, literal). */
  public boolean hasActorContaining(String text) {
    for (TraceEvent e : events) {
      if (e.actorId().contains(text)) {
        return true;
      }
    }
    return false;
  }
}
