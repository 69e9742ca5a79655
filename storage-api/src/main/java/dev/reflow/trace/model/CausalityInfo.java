package dev.reflow.trace.model;

import java.util.List;
import java.util.Objects;

/**
 * Reflow's {@code CausalityInfo}.
 *
 * @param parentEventId the causing event, or null for a root
 * @param rootCauseEventId the root of the causal chain
 * @param dependencyChain event ids from the root to the parent
 * @param spanId a hyphenated UUID string (free text to Reflow)
 */
public record CausalityInfo(
    EventId parentEventId, EventId rootCauseEventId, List<EventId> dependencyChain, String spanId) {
  public CausalityInfo {
    Objects.requireNonNull(rootCauseEventId, "root_cause_event_id");
    dependencyChain = List.copyOf(Objects.requireNonNull(dependencyChain, "dependency_chain"));
    Objects.requireNonNull(spanId, "span_id");
  }
}
