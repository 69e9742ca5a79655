package dev.reflow.trace.model;

import java.util.Objects;

/** Reflow's {@code TraceEvent}: one thing that happened during a flow run. */
public record TraceEvent(
    EventId eventId,
    Timestamp timestamp,
    TraceEventType eventType,
    String actorId,
    TraceEventData data,
    CausalityInfo causality) {
  public TraceEvent {
    Objects.requireNonNull(eventId, "event_id");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(eventType, "event_type");
    Objects.requireNonNull(actorId, "actor_id");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(causality, "causality");
  }
}
