package dev.reflow.trace.viewer;

import dev.reflow.trace.model.CausalityInfo;
import dev.reflow.trace.model.EventId;
import dev.reflow.trace.model.ExecutionId;
import dev.reflow.trace.model.ExecutionStatus;
import dev.reflow.trace.model.FlowId;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.FlowVersion;
import dev.reflow.trace.model.JsonValue;
import dev.reflow.trace.model.MessageSnapshot;
import dev.reflow.trace.model.PerformanceMetrics;
import dev.reflow.trace.model.Timestamp;
import dev.reflow.trace.model.TraceEvent;
import dev.reflow.trace.model.TraceEventData;
import dev.reflow.trace.model.TraceEventType;
import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.model.TraceMetadata;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/** Realistic traces for the viewer's tests: a chain of actors passing a message along. */
final class SampleTraces {
  /** A string that must stay text wherever the page shows it. */
  static final String XSS = "<img src=x onerror=alert(1)>";
  static final Instant BASE = Instant.parse("2026-03-14T09:00:00Z");

  private SampleTraces() {}

  /**
   * A trace whose events are: the flow's root ({@code ActorCreated} of the first actor), then per
   * actor {@code ActorStarted}, {@code MessageSent}, a {@code DataFlow} to the next actor and
   * {@code ActorCompleted}; with {@code failAt} >= 0 that actor ends with {@code ActorFailed} and the
   * trace is {@code Failed}.
   */
  static FlowTrace chain(TraceId id, String flow, Instant start, List<String> actors, int failAt, Random random) {
    List<TraceEvent> events = new ArrayList<>();
    long t = 0;
    EventId root = eventId(random);
    events.add(event(root, start, t, TraceEventType.Simple.ACTOR_CREATED, actors.get(0), TraceEventData.empty(), null, root));
    EventId parent = root;
    for (int i = 0; i < actors.size(); i++) {
      String actor = actors.get(i);
      EventId started = eventId(random);
      events.add(event(started, start, t += 1_000_000, TraceEventType.Simple.ACTOR_STARTED, actor,
          data(null, null, null, PerformanceMetrics.cheap(15_000 + random.nextInt(50_000), 0)), parent, root));
      EventId sent = eventId(random);
      byte[] content = ("{\"data\":" + (i + 40) + ",\"type\":\"Integer\"}").getBytes(StandardCharsets.UTF_8);
      MessageSnapshot message = new MessageSnapshot("Integer", content.length, "", content, "none", 1, (long) content.length);
      long exec = 200_000L + random.nextInt(3_000_000);
      events.add(event(sent, start, t += 2_000_000, TraceEventType.Simple.MESSAGE_SENT, actor,
          data("out", message, null, new PerformanceMetrics(exec, 1024L, 12.5f, 3L, 840.25)), started, root));
      if (i + 1 < actors.size()) {
        EventId flowEvent = eventId(random);
        events.add(event(flowEvent, start, t += 500_000, TraceEventType.dataFlow(actors.get(i + 1), "in"), actor,
            data("out", message, null, PerformanceMetrics.cheap(50_000, 1)), sent, root));
        parent = flowEvent;
      }
      if (i == failAt) {
        events.add(event(eventId(random), start, t += 4_000_000, TraceEventType.Simple.ACTOR_FAILED, actor,
            data(null, null, "division by zero in " + actor, PerformanceMetrics.cheap(4_000_000, 0)), started, root));
        break;
      }
      events.add(event(eventId(random), start, t += 3_000_000, TraceEventType.Simple.ACTOR_COMPLETED, actor,
          data(null, null, null, PerformanceMetrics.cheap(exec, 0)), started, root));
    }
    Timestamp startTime = Timestamp.of(start);
    Timestamp end = Timestamp.of(start.plusNanos(t + 1_000_000));
    ExecutionStatus status = failAt >= 0 ? ExecutionStatus.failed("actor " + actors.get(failAt) + " failed") : ExecutionStatus.COMPLETED;
    return new FlowTrace(id, FlowId.of(flow), ExecutionId.of(new UUID(random.nextLong(), random.nextLong())),
        new FlowVersion(1, 2, 3, null, Timestamp.of(BASE)), startTime, end, status, events,
        new TraceMetadata(null, null, "test", "host-1", 4242, "ThreadId(7)", Map.of("team", "viewer")));
  }

  private static EventId eventId(Random random) {
    return EventId.of(new UUID(random.nextLong(), random.nextLong()));
  }

  private static TraceEventData data(String port, MessageSnapshot message, String error, PerformanceMetrics metrics) {
    return new TraceEventData(port, message, null, error, metrics, Map.of("attempt", new JsonValue.JsonInteger(java.math.BigInteger.ONE)));
  }

  private static TraceEvent event(EventId id, Instant start, long offsetNanos, TraceEventType type, String actor,
      TraceEventData data, EventId parent, EventId root) {
    return new TraceEvent(id, Timestamp.of(start.plusNanos(offsetNanos)), type, actor, data,
        new CausalityInfo(parent, root, parent == null ? List.of() : List.of(parent), UUID.randomUUID().toString()));
  }

  /** 250 traces over three flows (one named with {@link #XSS}), a quarter failed, some sharing a start time. */
  static List<FlowTrace> seed(int count, long seed) {
    Random random = new Random(seed);
    List<String> flows = List.of("order_ingest", "billing_run", XSS);
    List<FlowTrace> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String flow = flows.get(i % flows.size());
      List<String> actors = flow.equals(XSS) ? List.of("reader", XSS, "writer")
          : List.of("reader", "transformer-" + (i % 4), "writer");
      // Every fifth trace shares its start time with the one before: the order then falls to the id.
      Instant start = BASE.plusSeconds(60L * (i - i % 5 / 4)).plusNanos(123_456_789L);
      int failAt = i % 4 == 1 ? 1 : -1;
      out.add(chain(TraceId.of(new UUID(random.nextLong(), random.nextLong())), flow, start, actors, failAt, random));
    }
    return out;
  }
}
