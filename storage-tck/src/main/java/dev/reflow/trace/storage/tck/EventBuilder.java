package dev.reflow.trace.storage.tck;

import dev.reflow.trace.model.CausalityInfo;
import dev.reflow.trace.model.EventId;
import dev.reflow.trace.model.JsonValue;
import dev.reflow.trace.model.MessageSnapshot;
import dev.reflow.trace.model.PerformanceMetrics;
import dev.reflow.trace.model.StateDiff;
import dev.reflow.trace.model.Timestamp;
import dev.reflow.trace.model.TraceEvent;
import dev.reflow.trace.model.TraceEventData;
import dev.reflow.trace.model.TraceEventType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Builds a {@link TraceEvent}. Obtain one with {@link TestTraces#event(String)}; the default is an
 * {@code ActorStarted} event with no payload and unmeasured metrics. Unset ids and the timestamp
 * are filled in deterministically by {@link TraceBuilder}, or from the actor id by {@link #build()}.
 */
public final class EventBuilder {
  private final String actorId;
  private EventId eventId;
  private Timestamp timestamp;
  private TraceEventType type = TraceEventType.Simple.ACTOR_STARTED;
  private String port;
  private MessageSnapshot message;
  private StateDiff stateDiff;
  private String error;
  private PerformanceMetrics metrics = PerformanceMetrics.UNMEASURED;
  private final Map<String, JsonValue> attributes = new LinkedHashMap<>();
  private EventId parentEventId;
  private EventId rootCauseEventId;
  private final List<EventId> dependencyChain = new ArrayList<>();
  private String spanId;

  EventBuilder(String actorId) {
    this.actorId = actorId;
  }

  public EventBuilder id(EventId value) {
    this.eventId = value;
    return this;
  }

  public EventBuilder timestamp(Timestamp value) {
    this.timestamp = value;
    return this;
  }

  public EventBuilder timestamp(String rfc3339) {
    return timestamp(Timestamp.parse(rfc3339));
  }

  public EventBuilder type(TraceEventType value) {
    this.type = value;
    return this;
  }

  public EventBuilder port(String value) {
    this.port = value;
    return this;
  }

  public EventBuilder message(MessageSnapshot value) {
    this.message = value;
    return this;
  }

  public EventBuilder stateDiff(StateDiff value) {
    this.stateDiff = value;
    return this;
  }

  public EventBuilder error(String value) {
    this.error = value;
    return this;
  }

  public EventBuilder metrics(PerformanceMetrics value) {
    this.metrics = value;
    return this;
  }

  /** Adds a custom attribute; attributes keep insertion order. */
  public EventBuilder attribute(String key, JsonValue value) {
    attributes.put(key, value);
    return this;
  }

  public EventBuilder attribute(String key, String value) {
    return attribute(key, JsonValue.of(value));
  }

  public EventBuilder parent(EventId value) {
    this.parentEventId = value;
    return this;
  }

  public EventBuilder rootCause(EventId value) {
    this.rootCauseEventId = value;
    return this;
  }

  public EventBuilder dependsOn(EventId... ids) {
    dependencyChain.addAll(List.of(ids));
    return this;
  }

  public EventBuilder spanId(String value) {
    this.spanId = value;
    return this;
  }

  /** Builds with ids derived from the actor id and the default timestamp {@link TestTraces#BASE_TIME}. */
  public TraceEvent build() {
    return build(new SplittableRandom(actorId.hashCode()), TestTraces.BASE_TIME);
  }

  TraceEvent build(SplittableRandom rng, Timestamp defaultTimestamp) {
    EventId id = eventId != null ? eventId : EventId.of(TestTraces.uuid(rng));
    String span = spanId != null ? spanId : TestTraces.uuid(rng).toString();
    TraceEventData data = new TraceEventData(port, message, stateDiff, error, metrics, attributes);
    CausalityInfo causality = new CausalityInfo(parentEventId,
        rootCauseEventId != null ? rootCauseEventId : id, dependencyChain, span);
    return new TraceEvent(id, timestamp != null ? timestamp : defaultTimestamp, type, actorId, data, causality);
  }
}
