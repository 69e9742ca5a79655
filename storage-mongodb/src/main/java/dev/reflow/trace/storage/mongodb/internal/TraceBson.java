package dev.reflow.trace.storage.mongodb.internal;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonDocument;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;

/**
 * A {@link FlowTrace} as a nested BSON document that reads like Reflow's JSON in a Mongo shell:
 * the same field names in the same order, externally tagged enums as in serde
 * ({@code "Completed"}, {@code {Failed: {error: "…"}}}), ids and timestamps as the strings Reflow
 * writes (timestamps keep nanoseconds and leap seconds, which a BSON date cannot). Where BSON
 * cannot hold a value as-is, {@link BsonValues} says how it is stored; byte arrays are BSON binary.
 * {@link #decode} is the exact inverse of {@link #encode}.
 */
public final class TraceBson {
  private TraceBson() {}

  // ---- encoding -------------------------------------------------------------------------------

  public static BsonDocument encode(FlowTrace t) {
    BsonDocument d = new BsonDocument();
    d.append("trace_id", new BsonString(t.traceId().toString()));
    d.append("flow_id", new BsonString(t.flowId().value()));
    d.append("execution_id", new BsonString(t.executionId().toString()));
    d.append("version", version(t.version()));
    d.append("start_time", timestamp(t.startTime()));
    d.append("end_time", timestamp(t.endTime()));
    d.append("status", status(t.status()));
    BsonArray events = new BsonArray(new ArrayList<>(t.events().size()));
    for (TraceEvent e : t.events()) {
      events.add(event(e));
    }
    d.append("events", events);
    d.append("metadata", metadata(t.metadata()));
    return d;
  }

  private static BsonValue timestamp(Timestamp ts) {
    return ts == null ? BsonNull.VALUE : new BsonString(ts.toString());
  }

  private static BsonDocument version(FlowVersion v) {
    return new BsonDocument()
        .append("major", BsonValues.unsigned(v.major()))
        .append("minor", BsonValues.unsigned(v.minor()))
        .append("patch", BsonValues.unsigned(v.patch()))
        .append("git_hash", BsonValues.string(v.gitHash()))
        .append("timestamp", timestamp(v.timestamp()));
  }

  static BsonValue status(ExecutionStatus s) {
    if (s instanceof ExecutionStatus.Failed f) {
      return new BsonDocument("Failed", new BsonDocument("error", new BsonString(f.error())));
    }
    return new BsonString(s.variantName());
  }

  private static BsonDocument event(TraceEvent e) {
    return new BsonDocument()
        .append("event_id", new BsonString(e.eventId().toString()))
        .append("timestamp", timestamp(e.timestamp()))
        .append("event_type", eventType(e.eventType()))
        .append("actor_id", new BsonString(e.actorId()))
        .append("data", data(e.data()))
        .append("causality", causality(e.causality()));
  }

  private static BsonValue eventType(TraceEventType type) {
    if (type instanceof TraceEventType.DataFlow df) {
      return new BsonDocument("DataFlow", new BsonDocument()
          .append("to_actor", new BsonString(df.toActor()))
          .append("to_port", new BsonString(df.toPort())));
    }
    return new BsonString(type.variantName());
  }

  private static BsonDocument data(TraceEventData d) {
    return new BsonDocument()
        .append("port", BsonValues.string(d.port()))
        .append("message", d.message() == null ? BsonNull.VALUE : message(d.message()))
        .append("state_diff", d.stateDiff() == null ? BsonNull.VALUE : stateDiff(d.stateDiff()))
        .append("error", BsonValues.string(d.error()))
        .append("performance_metrics", metrics(d.performanceMetrics()))
        .append("custom_attributes", BsonValues.map(d.customAttributes(), BsonValues::json));
  }

  private static BsonDocument message(MessageSnapshot m) {
    return new BsonDocument()
        .append("message_type", new BsonString(m.messageType()))
        .append("size_bytes", BsonValues.unsigned(m.sizeBytes()))
        .append("checksum", new BsonString(m.checksum()))
        .append("serialized_data", new BsonBinary(m.serializedData()))
        .append("content_codec", new BsonString(m.contentCodec()))
        .append("content_format_version", BsonValues.unsigned(m.contentFormatVersion()))
        .append("stored_bytes", BsonValues.unsignedOrNull(m.storedBytes()));
  }

  private static BsonDocument stateDiff(StateDiff s) {
    byte[] before = s.before();
    return new BsonDocument()
        .append("before", before == null ? BsonNull.VALUE : new BsonBinary(before))
        .append("after", new BsonBinary(s.after()))
        .append("diff_type", new BsonString(s.diffType().variantName()));
  }

  private static BsonDocument metrics(PerformanceMetrics m) {
    return new BsonDocument()
        .append("execution_time_ns", BsonValues.unsignedOrNull(m.executionTimeNs()))
        .append("memory_usage_bytes", BsonValues.unsignedOrNull(m.memoryUsageBytes()))
        // A float widens to double exactly, and narrows back to the same float.
        .append("cpu_usage_percent", BsonValues.floating(m.cpuUsagePercent() == null ? null : m.cpuUsagePercent().doubleValue()))
        .append("queue_depth", BsonValues.unsignedOrNull(m.queueDepth()))
        .append("throughput_msgs_per_sec", BsonValues.floating(m.throughputMsgsPerSec()));
  }

  private static BsonDocument causality(CausalityInfo c) {
    BsonArray chain = new BsonArray(new ArrayList<>(c.dependencyChain().size()));
    for (EventId id : c.dependencyChain()) {
      chain.add(new BsonString(id.toString()));
    }
    return new BsonDocument()
        .append("parent_event_id", c.parentEventId() == null ? BsonNull.VALUE : new BsonString(c.parentEventId().toString()))
        .append("root_cause_event_id", new BsonString(c.rootCauseEventId().toString()))
        .append("dependency_chain", chain)
        .append("span_id", new BsonString(c.spanId()));
  }

  private static BsonDocument metadata(TraceMetadata m) {
    return new BsonDocument()
        .append("user_id", BsonValues.string(m.userId()))
        .append("session_id", BsonValues.string(m.sessionId()))
        .append("environment", new BsonString(m.environment()))
        .append("hostname", new BsonString(m.hostname()))
        .append("process_id", BsonValues.unsigned(m.processId()))
        .append("thread_id", new BsonString(m.threadId()))
        .append("tags", BsonValues.map(m.tags(), BsonString::new));
  }

  // ---- decoding -------------------------------------------------------------------------------

  /**
   * Decodes {@link #encode}.
   *
   * @param path where the document sits, for error messages (e.g. {@code trace})
   * @throws CorruptDocumentException naming the path of the first bad field
   */
  public static FlowTrace decode(BsonValue value, String path) {
    Fields f = Fields.of(value, path);
    try {
      List<TraceEvent> events = new ArrayList<>();
      int i = 0;
      for (BsonValue e : f.array("events")) {
        events.add(event(Fields.of(e, f.path("events") + "[" + i++ + "]")));
      }
      return new FlowTrace(
          TraceId.parse(f.string("trace_id")),
          FlowId.of(f.string("flow_id")),
          ExecutionId.parse(f.string("execution_id")),
          version(f.document("version")),
          f.timestamp("start_time"),
          f.timestampOrNull("end_time"),
          status(f.required("status"), f.path("status")),
          events,
          metadata(f.document("metadata")));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new CorruptDocumentException(path, e.getMessage(), e);
    }
  }

  private static FlowVersion version(Fields f) {
    return new FlowVersion(f.u32("major"), f.u32("minor"), f.u32("patch"), f.stringOrNull("git_hash"), f.timestamp("timestamp"));
  }

  private static ExecutionStatus status(BsonValue v, String path) {
    if (v.isString()) {
      return switch (v.asString().getValue()) {
        case "Pending" -> ExecutionStatus.PENDING;
        case "Running" -> ExecutionStatus.RUNNING;
        case "Completed" -> ExecutionStatus.COMPLETED;
        case "Cancelled" -> ExecutionStatus.CANCELLED;
        default -> throw new CorruptDocumentException(path, "unknown status \"" + v.asString().getValue() + "\"");
      };
    }
    Fields f = Fields.of(v, path);
    return ExecutionStatus.failed(f.document("Failed").string("error"));
  }

  private static TraceEvent event(Fields f) {
    return new TraceEvent(
        EventId.parse(f.string("event_id")),
        f.timestamp("timestamp"),
        eventType(f.required("event_type"), f.path("event_type")),
        f.string("actor_id"),
        data(f.document("data")),
        causality(f.document("causality")));
  }

  private static TraceEventType eventType(BsonValue v, String path) {
    if (v.isString()) {
      TraceEventType.Simple s = TraceEventType.Simple.byVariantName(v.asString().getValue());
      if (s == null) {
        throw new CorruptDocumentException(path, "unknown event type \"" + v.asString().getValue() + "\"");
      }
      return s;
    }
    Fields df = Fields.of(v, path).document("DataFlow");
    return TraceEventType.dataFlow(df.string("to_actor"), df.string("to_port"));
  }

  private static TraceEventData data(Fields f) {
    Fields m = f.documentOrNull("message");
    Fields s = f.documentOrNull("state_diff");
    BsonValue attrs = f.optional("custom_attributes");
    Map<String, JsonValue> attributes = attrs == null
        ? Map.of()
        : BsonValues.toMap(attrs, f.path("custom_attributes"), BsonValues::toJson);
    return new TraceEventData(
        f.stringOrNull("port"),
        m == null ? null : message(m),
        s == null ? null : stateDiff(s),
        f.stringOrNull("error"),
        metrics(f.document("performance_metrics")),
        attributes);
  }

  private static MessageSnapshot message(Fields f) {
    return new MessageSnapshot(
        f.string("message_type"),
        f.unsigned("size_bytes"),
        f.string("checksum"),
        f.binary("serialized_data"),
        f.string("content_codec"),
        f.u32("content_format_version"),
        f.unsignedOrNull("stored_bytes"));
  }

  private static StateDiff stateDiff(Fields f) {
    String name = f.string("diff_type");
    StateDiffType type = StateDiffType.byVariantName(name);
    if (type == null) {
      throw new CorruptDocumentException(f.path("diff_type"), "unknown diff type \"" + name + "\"");
    }
    return new StateDiff(f.binaryOrNull("before"), f.binary("after"), type);
  }

  private static PerformanceMetrics metrics(Fields f) {
    Double cpu = f.doubleOrNull("cpu_usage_percent");
    return new PerformanceMetrics(
        f.unsignedOrNull("execution_time_ns"),
        f.unsignedOrNull("memory_usage_bytes"),
        cpu == null ? null : cpu.floatValue(),
        f.unsignedOrNull("queue_depth"),
        f.doubleOrNull("throughput_msgs_per_sec"));
  }

  private static CausalityInfo causality(Fields f) {
    List<EventId> chain = new ArrayList<>();
    int i = 0;
    for (BsonValue id : f.array("dependency_chain")) {
      if (!id.isString()) {
        throw new CorruptDocumentException(f.path("dependency_chain") + "[" + i + "]", "expected an event id string");
      }
      chain.add(EventId.parse(id.asString().getValue()));
      i++;
    }
    String parent = f.stringOrNull("parent_event_id");
    return new CausalityInfo(
        parent == null ? null : EventId.parse(parent),
        EventId.parse(f.string("root_cause_event_id")),
        chain,
        f.string("span_id"));
  }

  private static TraceMetadata metadata(Fields f) {
    Map<String, String> tags = BsonValues.toMap(f.required("tags"), f.path("tags"), (v, p) -> {
      if (!v.isString()) {
        throw new CorruptDocumentException(p, "expected a string tag value, got " + v.getBsonType());
      }
      return v.asString().getValue();
    });
    return new TraceMetadata(
        f.stringOrNull("user_id"),
        f.stringOrNull("session_id"),
        f.string("environment"),
        f.string("hostname"),
        f.u32("process_id"),
        f.string("thread_id"),
        tags);
  }
}
