package dev.reflow.trace.storage.sqlite;

import dev.reflow.trace.model.CausalityInfo;
import dev.reflow.trace.model.EventId;
import dev.reflow.trace.model.ExecutionId;
import dev.reflow.trace.model.ExecutionStatus;
import dev.reflow.trace.model.FlowId;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.FlowVersion;
import dev.reflow.trace.model.JsonValue;
import dev.reflow.trace.model.PerformanceMetrics;
import dev.reflow.trace.model.Timestamp;
import dev.reflow.trace.model.TraceEvent;
import dev.reflow.trace.model.TraceEventData;
import dev.reflow.trace.model.TraceEventType;
import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.model.TraceMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Small, deterministic traces for this module's own tests. */
final class TestTraces {
  static final Timestamp BASE = Timestamp.parse("2026-03-14T09:26:53.602417Z");

  private TestTraces() {}

  /** A trace whose id is derived from {@code n}, so that order and identity are predictable. */
  static FlowTrace trace(long n, String flow, ExecutionStatus status, Timestamp start, String... actors) {
    return trace(TraceId.of(new UUID(0x1000_0000_0000_4000L, 0x8000_0000_0000_0000L | n)), flow, status, start,
        0, actors);
  }

  /** A trace with an attribute of {@code padding} characters, to control the document size. */
  static FlowTrace trace(TraceId id, String flow, ExecutionStatus status, Timestamp start, int padding,
      String... actors) {
    List<TraceEvent> events = new ArrayList<>();
    int i = 0;
    for (String actor : actors) {
      EventId eventId = EventId.of(new UUID(id.value().getMostSignificantBits(), i));
      Map<String, JsonValue> attributes = i == 0 && padding > 0
          ? Map.of("padding", JsonValue.of("x".repeat(padding)))
          : Map.of();
      events.add(new TraceEvent(
          eventId,
          new Timestamp(start.epochSecond() + i, start.nanos() < 1_000_000_000 ? start.nanos() : 0),
          i % 2 == 0 ? TraceEventType.Simple.ACTOR_STARTED : TraceEventType.dataFlow("sink", "in"),
          actor,
          new TraceEventData("out", null, null, null, PerformanceMetrics.cheap(1200, 0), attributes),
          new CausalityInfo(null, eventId, List.of(), "span-" + i)));
      i++;
    }
    return new FlowTrace(
        id,
        FlowId.of(flow),
        ExecutionId.of(new UUID(id.value().getLeastSignificantBits(), id.value().getMostSignificantBits())),
        new FlowVersion(1, 0, 0, null, start),
        start,
        status == ExecutionStatus.RUNNING ? null : new Timestamp(start.epochSecond() + 60, 0),
        status,
        events,
        new TraceMetadata(null, null, "test", "host", 42, "ThreadId(7)", Map.of()));
  }
}
