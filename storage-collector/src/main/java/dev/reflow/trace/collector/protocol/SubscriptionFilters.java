package dev.reflow.trace.collector.protocol;

import dev.reflow.trace.model.ExecutionStatus;
import dev.reflow.trace.model.FlowId;
import dev.reflow.trace.model.TraceEventType;
import java.util.List;

/**
 * Reflow's {@code SubscriptionFilters}: each list is null for "any". All four filters apply (upstream
 * ignores {@code flow_ids} and {@code status_filter}); an event is pushed when it passes every
 * non-null one.
 *
 * @param flowIds the trace's flow id is one of these
 * @param actorIds the event's {@code actor_id} equals one of these
 * @param eventTypes the event's type equals one of these ({@code DataFlow} including its target)
 * @param statusFilter the trace's current status has the kind of one of these (an in-flight trace
 *     is {@code Running}; a {@code Failed} entry matches any error text)
 */
public record SubscriptionFilters(
    List<FlowId> flowIds, List<String> actorIds, List<TraceEventType> eventTypes, List<ExecutionStatus> statusFilter) {

  /** A subscription to everything. */
  public static final SubscriptionFilters ALL = new SubscriptionFilters(null, null, null, null);

  public SubscriptionFilters {
    flowIds = flowIds == null ? null : List.copyOf(flowIds);
    actorIds = actorIds == null ? null : List.copyOf(actorIds);
    eventTypes = eventTypes == null ? null : List.copyOf(eventTypes);
    statusFilter = statusFilter == null ? null : List.copyOf(statusFilter);
  }

  /** Whether an event of this actor and type, in a trace of this flow and status, passes every filter. */
  public boolean matches(FlowId flowId, ExecutionStatus traceStatus, String actorId, TraceEventType type) {
    if (flowIds != null && !flowIds.contains(flowId)) {
      return false;
    }
    if (actorIds != null && !actorIds.contains(actorId)) {
      return false;
    }
    if (eventTypes != null && !eventTypes.contains(type)) {
      return false;
    }
    return statusFilter == null || statusFilter.stream().anyMatch(s -> s.kind() == traceStatus.kind());
  }
}
