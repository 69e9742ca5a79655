package dev.reflow.trace.storage.mongodb;

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
import dev.reflow.trace.model.StateDiff;
import dev.reflow.trace.model.StateDiffType;
import dev.reflow.trace.model.Timestamp;
import dev.reflow.trace.model.TraceEvent;
import dev.reflow.trace.model.TraceEventData;
import dev.reflow.trace.model.TraceEventType;
import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.model.TraceMetadata;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Traces built in code, covering every field and the values BSON cannot hold as-is. */
public final class MongoTestTraces {
  public static final long U64_MAX_BITS = -1L; // 18446744073709551615 as an unsigned pattern
  public static final BigInteger U64_MAX = new BigInteger("18446744073709551615");

  private MongoTestTraces() {}

  public static TraceMetadata metadata(Map<String, String> tags) {
    return new TraceMetadata(null, null, "test", "host-1", 4242, "ThreadId(7)", tags);
  }

  public static FlowTrace minimal(TraceId id, String flow, Timestamp start) {
    return new FlowTrace(id, FlowId.of(flow), ExecutionId.random(),
        new FlowVersion(1, 0, 0, null, start), start, null, ExecutionStatus.RUNNING, List.of(), metadata(Map.of()));
  }

  public static TraceEvent event(String actor, TraceEventType type, TraceEventData data) {
    return new TraceEvent(EventId.random(), Timestamp.parse("2026-03-14T09:26:53.589793238Z"), type, actor, data,
        new CausalityInfo(null, EventId.random(), List.of(), "5e0c5f5a-7a5b-4d6b-9b3e-0f3c2f1a9d11"));
  }

  public static FlowTrace withActors(TraceId id, String flow, Timestamp start, String... actors) {
    List<TraceEvent> events = new ArrayList<>();
    for (String a : actors) {
      events.add(event(a, TraceEventType.Simple.ACTOR_STARTED, TraceEventData.empty()));
    }
    return minimal(id, flow, start).withEvents(events);
  }

  /** Every field set, with the hard cases: dotted, $ and NUL keys, u64 max, f32, NaN, NUL in strings. */
  public static FlowTrace rich() {
    Timestamp start = Timestamp.parse("2026-03-14T09:26:53.602417Z");
    Map<String, JsonValue> nestedMembers = new LinkedHashMap<>();
    nestedMembers.put("z", JsonValue.of(1));
    nestedMembers.put("a.b", JsonValue.of("dotted"));
    nestedMembers.put("$where", JsonValue.of("function() { return true; }"));
    Map<String, JsonValue> plainMembers = new LinkedHashMap<>();
    plainMembers.put("zeta", JsonValue.of(true));
    plainMembers.put("alpha", JsonValue.NULL);
    Map<String, JsonValue> attrs = new LinkedHashMap<>();
    attrs.put("http.status", JsonValue.of(200));
    attrs.put("$set", JsonValue.object(Map.of("x", JsonValue.of(1))));
    attrs.put("nul\u0000key", JsonValue.of("nul\u0000value"));
    attrs.put("", JsonValue.of("empty key"));
    attrs.put("_pairs", JsonValue.array(JsonValue.of(1)));
    attrs.put("u64max", new JsonValue.JsonInteger(U64_MAX));
    attrs.put("i64min", JsonValue.of(Long.MIN_VALUE));
    attrs.put("2^53+1", JsonValue.of(9007199254740993L));
    attrs.put("int32edge", JsonValue.of((long) Integer.MIN_VALUE));
    attrs.put("big", JsonValue.of(1L << 40));
    attrs.put("float", JsonValue.of(0.1));
    attrs.put("negzero", JsonValue.of(-0.0));
    attrs.put("tiny", JsonValue.of(5e-324));
    attrs.put("integral float", JsonValue.of(100.0));
    attrs.put("nested", new JsonValue.JsonObject(nestedMembers));
    attrs.put("plain", new JsonValue.JsonObject(plainMembers));
    attrs.put("empty", new JsonValue.JsonObject(Map.of()));
    attrs.put("list", JsonValue.array(JsonValue.of(1), JsonValue.of(1.5), JsonValue.of("s"), JsonValue.NULL,
        JsonValue.array(), new JsonValue.JsonObject(nestedMembers)));
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("team", "core");
    tags.put("k8s.namespace", "prod");
    tags.put("$region", "eu\u0000west");
    tags.put("alpha", "last");

    TraceEventData created = new TraceEventData(null, null, null, null, PerformanceMetrics.UNMEASURED, attrs);
    TraceEventData started = new TraceEventData("in", null, null, null, PerformanceMetrics.cheap(1500, 3), Map.of());
    MessageSnapshot snapshot = new MessageSnapshot("Object", 28, "sha256:" + "ab".repeat(32),
        new byte[] {123, 34, 0, -1, 125}, "none", 1, 28L);
    TraceEventData sent = new TraceEventData("out", snapshot, null, null,
        new PerformanceMetrics(U64_MAX_BITS, Long.MAX_VALUE, 12.5f, U64_MAX_BITS - 1, 840.25), Map.of());
    TraceEventData flow = new TraceEventData("out", MessageSnapshot.legacy("Integer", U64_MAX_BITS, "", null), null,
        null, new PerformanceMetrics(0L, 0L, 0.3f, 0L, 1e16), Map.of());
    TraceEventData nan = new TraceEventData(null, null,
        new StateDiff(null, new byte[] {1, 2, 3}, StateDiffType.INCREMENTAL), "boom\u0000!",
        new PerformanceMetrics(null, null, Float.NaN, null, Double.NaN), Map.of());
    TraceEventData diff = new TraceEventData(null, null,
        new StateDiff(new byte[0], new byte[0], StateDiffType.MEMORY_ONLY), null,
        new PerformanceMetrics(null, null, Float.POSITIVE_INFINITY, null, Double.NEGATIVE_INFINITY), Map.of());

    EventId root = EventId.parse("00000000-0000-4000-8000-000000000001");
    List<TraceEvent> events = List.of(
        new TraceEvent(root, Timestamp.parse("2026-03-14T09:26:53Z"), TraceEventType.Simple.ACTOR_CREATED,
            "source.actor", created, new CausalityInfo(null, root, List.of(), "span-1")),
        new TraceEvent(EventId.random(), Timestamp.parse("2026-03-14T09:26:53.591Z"),
            TraceEventType.Simple.ACTOR_STARTED, "source.actor", started,
            new CausalityInfo(root, root, List.of(root), "span-2")),
        new TraceEvent(EventId.random(), Timestamp.parse("2026-03-14T09:26:53.589793238Z"),
            TraceEventType.Simple.MESSAGE_SENT, "$sink", sent,
            new CausalityInfo(root, root, List.of(root, EventId.random()), "")),
        new TraceEvent(EventId.random(), Timestamp.parse("2016-12-31T23:59:60.500Z"),
            TraceEventType.dataFlow("to.actor", "$in"), "source.actor", flow,
            new CausalityInfo(null, root, List.of(), "span")),
        new TraceEvent(EventId.random(), Timestamp.parse("+10000-01-01T00:00:00.000000001Z"),
            TraceEventType.Simple.NETWORK_EVENT, "nul\u0000actor", nan, new CausalityInfo(null, root, List.of(), "s")),
        new TraceEvent(EventId.random(), Timestamp.parse("0001-01-01T00:00:00Z"),
            TraceEventType.Simple.STATE_CHANGED, "emoji 🚀 actor", diff, new CausalityInfo(null, root, List.of(), "s")));
    return new FlowTrace(TraceId.parse("36404882-85bd-4206-817e-b217fb4f7500"), FlowId.of("order.ingest$pipeline"),
        ExecutionId.parse("ffffffff-0000-4000-8000-000000000000"),
        new FlowVersion(0xFFFF_FFFFL, 2, 3, "abc123", start), start, Timestamp.parse("2026-03-14T09:27:00Z"),
        ExecutionStatus.failed("boom\u0000with nul"), events,
        new TraceMetadata("user-1", "session\u0000x", "prod", "host", 0xFFFF_FFFFL, "ThreadId(1)", tags));
  }

  /**
   * What reading a stored trace gives back: NaN and infinite metrics become null, as Reflow's JSON
   * writes them.
   */
  public static FlowTrace normalized(FlowTrace t) {
    List<TraceEvent> events = new ArrayList<>();
    for (TraceEvent e : t.events()) {
      TraceEventData d = e.data();
      PerformanceMetrics m = d.performanceMetrics();
      PerformanceMetrics nm = new PerformanceMetrics(m.executionTimeNs(), m.memoryUsageBytes(),
          m.cpuUsagePercent() == null || !Float.isFinite(m.cpuUsagePercent()) ? null : m.cpuUsagePercent(),
          m.queueDepth(),
          m.throughputMsgsPerSec() == null || !Double.isFinite(m.throughputMsgsPerSec()) ? null : m.throughputMsgsPerSec());
      events.add(new TraceEvent(e.eventId(), e.timestamp(), e.eventType(), e.actorId(),
          new TraceEventData(d.port(), d.message(), d.stateDiff(), d.error(), nm, d.customAttributes()), e.causality()));
    }
    return t.withEvents(events);
  }
}
