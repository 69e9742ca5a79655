package dev.reflow.trace.storage.postgres;

import dev.reflow.trace.model.CausalityInfo;
import dev.reflow.trace.model.EventId;
import dev.reflow.trace.model.ExecutionId;
import dev.reflow.trace.model.ExecutionStatus;
import dev.reflow.trace.model.FlowId;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.FlowVersion;
import dev.reflow.trace.model.Timestamp;
import dev.reflow.trace.model.TraceEvent;
import dev.reflow.trace.model.TraceEventData;
import dev.reflow.trace.model.TraceEventType;
import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.model.TraceMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Small traces for this module's own tests (the TCK brings its own). */
public final class TestTraces {
  private TestTraces() {}

  /** A trace of {@code flow} started at {@code start}, with one event per actor id. */
  public static FlowTrace trace(String flow, Timestamp start, ExecutionStatus status, String... actors) {
    List<TraceEvent> events = new ArrayList<>();
    for (String actor : actors) {
      events.add(new TraceEvent(EventId.random(), start, TraceEventType.Simple.ACTOR_STARTED, actor,
          TraceEventData.empty(), new CausalityInfo(null, EventId.random(), List.of(), "span")));
    }
    return new FlowTrace(TraceId.random(), FlowId.of(flow), ExecutionId.random(),
        new FlowVersion(1, 0, 0, null, start), start, null, status, events,
        new TraceMetadata(null, null, "test", "localhost", 1, "ThreadId(1)", Map.of()));
  }

  public static FlowTrace trace(String flow, long epochSecond, String... actors) {
    return trace(flow, new Timestamp(epochSecond, 0), ExecutionStatus.COMPLETED, actors);
  }
}
