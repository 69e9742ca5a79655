package dev.reflow.trace.storage.mongodb.internal;

import static dev.reflow.trace.storage.mongodb.internal.BsonFields.required;

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
import org.bson.BSONException;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonDocument;
import org.bson.BsonNull;
import org.bson.BsonReader;
import org.bson.BsonString;
import org.bson.BsonType;
import org.bson.BsonValue;

/**
 * A {@link FlowTrace} as a nested BSON document that reads like Reflow's JSON in a Mongo shell:
 * the same field names in the same order, externally tagged enums as in serde
 * ({@code "Completed"}, {@code {Failed: {error: "…"}}}), ids and timestamps as the strings Reflow
 * writes (timestamps keep nanoseconds and leap seconds, which a BSON date cannot). Where BSON
 * cannot hold a value as-is, {@link BsonValues} says how it is stored; byte arrays are BSON binary.
 * {@link #read} is the exact inverse of {@link #encode}.
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

  // ---- decoding (from a BsonReader, see BsonFields) -------------------------------------------

  /**
   * Reads {@link #encode} from the value the reader is positioned on, field by field as the bytes
   * come, without building a document first. Fields may come in any order; unknown fields are
   * skipped; a field given twice counts once, with its last value.
   *
   * @param at where the document sits, for error messages (e.g. {@code trace})
   * @throws CorruptDocumentException naming the path of the first bad field; the reader is then
   *     somewhere inside the value
   */
  static FlowTrace read(BsonReader r, BsonPath at) {
    try {
      return trace(r, at);
    } catch (IllegalArgumentException | NullPointerException | BSONException e) {
      // A model constructor's check, or a value of a shape no field read expected.
      throw new CorruptDocumentException(at.toString(), e.getMessage(), e);
    }
  }

  private static FlowTrace trace(BsonReader r, BsonPath at) {
    BsonFields.startDocument(r, at);
    TraceId traceId = null;
    FlowId flowId = null;
    ExecutionId executionId = null;
    FlowVersion version = null;
    Timestamp start = null;
    Timestamp end = null;
    ExecutionStatus status = null;
    List<TraceEvent> events = null;
    TraceMetadata metadata = null;
    while (r.readBsonType() != BsonType.END_OF_DOCUMENT) {
      String name = r.readName();
      switch (name) {
        case "trace_id" -> traceId = BsonFields.parsed(r, at.field(name), TraceId::parse);
        case "flow_id" -> flowId = BsonFields.parsed(r, at.field(name), FlowId::of);
        case "execution_id" -> executionId = BsonFields.parsed(r, at.field(name), ExecutionId::parse);
        case "version" -> version = version(r, at.field(name));
        case "start_time" -> start = BsonFields.timestamp(r, at.field(name));
        case "end_time" -> end = BsonFields.timestampOrNull(r, at.field(name));
        case "status" -> status = status(r, at.field(name));
        case "events" -> events = events(r, at.field(name));
        case "metadata" -> metadata = metadata(r, at.field(name));
        default -> r.skipValue();
      }
    }
    r.readEndDocument();
    // Missing fields are reported in the order the tree decoder checked them.
    List<TraceEvent> checkedEvents = required(events, at, "events");
    return new FlowTrace(
        required(traceId, at, "trace_id"),
        required(flowId, at, "flow_id"),
        required(executionId, at, "execution_id"),
        required(version, at, "version"),
        required(start, at, "start_time"),
        end,
        required(status, at, "status"),
        checkedEvents,
        required(metadata, at, "metadata"));
  }

  private static List<TraceEvent> events(BsonReader r, BsonPath at) {
    BsonFields.startArray(r, at);
    List<TraceEvent> events = new ArrayList<>();
    int i = 0;
    while (r.readBsonType() != BsonType.END_OF_DOCUMENT) {
      events.add(event(r, at.element(i++)));
    }
    r.readEndArray();
    return events;
  }

  private static FlowVersion version(BsonReader r, BsonPath at) {
    BsonFields.startDocument(r, at);
    Long major = null;
    Long minor = null;
    Long patch = null;
    String gitHash = null;
    Timestamp timestamp = null;
    while (r.readBsonType() != BsonType.END_OF_DOCUMENT) {
      String name = r.readName();
      switch (name) {
        case "major" -> major = BsonFields.u32(r, at.field(name));
        case "minor" -> minor = BsonFields.u32(r, at.field(name));
        case "patch" -> patch = BsonFields.u32(r, at.field(name));
        case "git_hash" -> gitHash = BsonFields.stringOrNull(r, at.field(name));
        case "timestamp" -> timestamp = BsonFields.timestamp(r, at.field(name));
        default -> r.skipValue();
      }
    }
    r.readEndDocument();
    return new FlowVersion(required(major, at, "major"), required(minor, at, "minor"), required(patch, at, "patch"),
        gitHash, required(timestamp, at, "timestamp"));
  }

  private static ExecutionStatus status(BsonReader r, BsonPath at) {
    if (r.getCurrentBsonType() == BsonType.STRING) {
      String name = r.readString();
      return switch (name) {
        case "Pending" -> ExecutionStatus.PENDING;
        case "Running" -> ExecutionStatus.RUNNING;
        case "Completed" -> ExecutionStatus.COMPLETED;
        case "Cancelled" -> ExecutionStatus.CANCELLED;
        default -> throw BsonFields.corrupt(at, "unknown status \"" + name + "\"");
      };
    }
    BsonFields.startDocument(r, at);
    String error = null;
    boolean failed = false;
    while (r.readBsonType() != BsonType.END_OF_DOCUMENT) {
      if (r.readName().equals("Failed")) {
        BsonPath f = at.field("Failed");
        BsonFields.startDocument(r, f);
        error = null;
        while (r.readBsonType() != BsonType.END_OF_DOCUMENT) {
          if (r.readName().equals("error")) {
            error = BsonFields.string(r, f.field("error"));
          } else {
            r.skipValue();
          }
        }
        r.readEndDocument();
        required(error, f, "error");
        failed = true;
      } else {
        r.skipValue();
      }
    }
    r.readEndDocument();
    if (!failed) {
      throw BsonFields.corrupt(at.field("Failed"), "missing");
    }
    return ExecutionStatus.failed(error);
  }

  private static TraceEvent event(BsonReader r, BsonPath at) {
    BsonFields.startDocument(r, at);
    EventId eventId = null;
    Timestamp timestamp = null;
    TraceEventType type = null;
    String actorId = null;
    TraceEventData data = null;
    CausalityInfo causality = null;
    while (r.readBsonType() != BsonType.END_OF_DOCUMENT) {
      String name = r.readName();
      switch (name) {
        case "event_id" -> eventId = BsonFields.parsed(r, at.field(name), EventId::parse);
        case "timestamp" -> timestamp = BsonFields.timestamp(r, at.field(name));
        case "event_type" -> type = eventType(r, at.field(name));
        case "actor_id" -> actorId = BsonFields.string(r, at.field(name));
        case "data" -> data = data(r, at.field(name));
        case "causality" -> causality = causality(r, at.field(name));
        default -> r.skipValue();
      }
    }
    r.readEndDocument();
    return new TraceEvent(
        required(eventId, at, "event_id"),
        required(timestamp, at, "timestamp"),
        required(type, at, "event_type"),
        required(actorId, at, "actor_id"),
        required(data, at, "data"),
        required(causality, at, "causality"));
  }

  private static TraceEventType eventType(BsonReader r, BsonPath at) {
    if (r.getCurrentBsonType() == BsonType.STRING) {
      String name = r.readString();
      TraceEventType.Simple s = TraceEventType.Simple.byVariantName(name);
      if (s == null) {
        throw BsonFields.corrupt(at, "unknown event type \"" + name + "\"");
      }
      return s;
    }
    BsonFields.startDocument(r, at);
    TraceEventType.DataFlow dataFlow = null;
    while (r.readBsonType() != BsonType.END_OF_DOCUMENT) {
      if (r.readName().equals("DataFlow")) {
        dataFlow = dataFlow(r, at.field("DataFlow"));
      } else {
        r.skipValue();
      }
    }
    r.readEndDocument();
    return required(dataFlow, at, "DataFlow");
  }

  private static TraceEventType.DataFlow dataFlow(BsonReader r, BsonPath at) {
    BsonFields.startDocument(r, at);
    String toActor = null;
    String toPort = null;
    while (r.readBsonType() != BsonType.END_OF_DOCUMENT) {
      String name = r.readName();
      switch (name) {
        case "to_actor" -> toActor = BsonFields.string(r, at.field(name));
        case "to_port" -> toPort = BsonFields.string(r, at.field(name));
        default -> r.skipValue();
      }
    }
    r.readEndDocument();
    return TraceEventType.dataFlow(required(toActor, at, "to_actor"), required(toPort, at, "to_port"));
  }

  private static TraceEventData data(BsonReader r, BsonPath at) {
    BsonFields.startDocument(r, at);
    String port = null;
    MessageSnapshot message = null;
    StateDiff stateDiff = null;
    String error = null;
    PerformanceMetrics metrics = null;
    Map<String, JsonValue> attributes = Map.of();
    while (r.readBsonType() != BsonType.END_OF_DOCUMENT) {
      String name = r.readName();
      switch (name) {
        case "port" -> port = BsonFields.stringOrNull(r, at.field(name));
        case "message" -> message = BsonFields.readNull(r) ? null : message(r, at.field(name));
        case "state_diff" -> stateDiff = BsonFields.readNull(r) ? null : stateDiff(r, at.field(name));
        case "error" -> error = BsonFields.stringOrNull(r, at.field(name));
        case "performance_metrics" -> metrics = metrics(r, at.field(name));
        case "custom_attributes" -> attributes = BsonFields.readNull(r)
            ? Map.of()
            : BsonValues.readMap(r, at.field(name), BsonValues::readJson);
        default -> r.skipValue();
      }
    }
    r.readEndDocument();
    return new TraceEventData(port, message, stateDiff, error, required(metrics, at, "performance_metrics"), attributes);
  }

  private static MessageSnapshot message(BsonReader r, BsonPath at) {
    BsonFields.startDocument(r, at);
    String messageType = null;
    Long sizeBytes = null;
    String checksum = null;
    byte[] serializedData = null;
    String contentCodec = null;
    Long contentFormatVersion = null;
    Long storedBytes = null;
    while (r.readBsonType() != BsonType.END_OF_DOCUMENT) {
      String name = r.readName();
      switch (name) {
        case "message_type" -> messageType = BsonFields.string(r, at.field(name));
        case "size_bytes" -> sizeBytes = BsonFields.unsigned(r, at.field(name));
        case "checksum" -> checksum = BsonFields.string(r, at.field(name));
        case "serialized_data" -> serializedData = BsonFields.binary(r, at.field(name));
        case "content_codec" -> contentCodec = BsonFields.string(r, at.field(name));
        case "content_format_version" -> contentFormatVersion = BsonFields.u32(r, at.field(name));
        case "stored_bytes" -> storedBytes = BsonFields.unsignedOrNull(r, at.field(name));
        default -> r.skipValue();
      }
    }
    r.readEndDocument();
    return new MessageSnapshot(
        required(messageType, at, "message_type"),
        required(sizeBytes, at, "size_bytes"),
        required(checksum, at, "checksum"),
        required(serializedData, at, "serialized_data"),
        required(contentCodec, at, "content_codec"),
        required(contentFormatVersion, at, "content_format_version"),
        storedBytes);
  }

  private static StateDiff stateDiff(BsonReader r, BsonPath at) {
    BsonFields.startDocument(r, at);
    byte[] before = null;
    byte[] after = null;
    StateDiffType type = null;
    while (r.readBsonType() != BsonType.END_OF_DOCUMENT) {
      String name = r.readName();
      switch (name) {
        case "before" -> before = BsonFields.binaryOrNull(r, at.field(name));
        case "after" -> after = BsonFields.binary(r, at.field(name));
        case "diff_type" -> {
          String text = BsonFields.string(r, at.field(name));
          type = StateDiffType.byVariantName(text);
          if (type == null) {
            throw BsonFields.corrupt(at.field(name), "unknown diff type \"" + text + "\"");
          }
        }
        default -> r.skipValue();
      }
    }
    r.readEndDocument();
    required(type, at, "diff_type");
    return new StateDiff(before, required(after, at, "after"), type);
  }

  private static PerformanceMetrics metrics(BsonReader r, BsonPath at) {
    BsonFields.startDocument(r, at);
    Long executionTimeNs = null;
    Long memoryUsageBytes = null;
    Double cpu = null;
    Long queueDepth = null;
    Double throughput = null;
    while (r.readBsonType() != BsonType.END_OF_DOCUMENT) {
      String name = r.readName();
      switch (name) {
        case "execution_time_ns" -> executionTimeNs = BsonFields.unsignedOrNull(r, at.field(name));
        case "memory_usage_bytes" -> memoryUsageBytes = BsonFields.unsignedOrNull(r, at.field(name));
        case "cpu_usage_percent" -> cpu = BsonFields.doubleOrNull(r, at.field(name));
        case "queue_depth" -> queueDepth = BsonFields.unsignedOrNull(r, at.field(name));
        case "throughput_msgs_per_sec" -> throughput = BsonFields.doubleOrNull(r, at.field(name));
        default -> r.skipValue();
      }
    }
    r.readEndDocument();
    return new PerformanceMetrics(executionTimeNs, memoryUsageBytes, cpu == null ? null : cpu.floatValue(),
        queueDepth, throughput);
  }

  private static CausalityInfo causality(BsonReader r, BsonPath at) {
    BsonFields.startDocument(r, at);
    EventId parent = null;
    EventId root = null;
    List<EventId> chain = null;
    String spanId = null;
    while (r.readBsonType() != BsonType.END_OF_DOCUMENT) {
      String name = r.readName();
      switch (name) {
        case "parent_event_id" -> parent = BsonFields.readNull(r) ? null : BsonFields.parsed(r, at.field(name), EventId::parse);
        case "root_cause_event_id" -> root = BsonFields.parsed(r, at.field(name), EventId::parse);
        case "dependency_chain" -> chain = dependencyChain(r, at.field(name));
        case "span_id" -> spanId = BsonFields.string(r, at.field(name));
        default -> r.skipValue();
      }
    }
    r.readEndDocument();
    required(chain, at, "dependency_chain");
    return new CausalityInfo(parent, required(root, at, "root_cause_event_id"), chain, required(spanId, at, "span_id"));
  }

  private static List<EventId> dependencyChain(BsonReader r, BsonPath at) {
    BsonFields.startArray(r, at);
    List<EventId> chain = new ArrayList<>();
    int i = 0;
    while (r.readBsonType() != BsonType.END_OF_DOCUMENT) {
      BsonPath element = at.element(i++);
      if (r.getCurrentBsonType() != BsonType.STRING) {
        throw BsonFields.corrupt(element, "expected an event id string");
      }
      chain.add(BsonFields.parsed(r, element, EventId::parse));
    }
    r.readEndArray();
    return chain;
  }

  private static TraceMetadata metadata(BsonReader r, BsonPath at) {
    BsonFields.startDocument(r, at);
    String userId = null;
    String sessionId = null;
    String environment = null;
    String hostname = null;
    Long processId = null;
    String threadId = null;
    Map<String, String> tags = null;
    while (r.readBsonType() != BsonType.END_OF_DOCUMENT) {
      String name = r.readName();
      switch (name) {
        case "user_id" -> userId = BsonFields.stringOrNull(r, at.field(name));
        case "session_id" -> sessionId = BsonFields.stringOrNull(r, at.field(name));
        case "environment" -> environment = BsonFields.string(r, at.field(name));
        case "hostname" -> hostname = BsonFields.string(r, at.field(name));
        case "process_id" -> processId = BsonFields.u32(r, at.field(name));
        case "thread_id" -> threadId = BsonFields.string(r, at.field(name));
        case "tags" -> tags = BsonValues.readMap(r, at.field(name), TraceBson::tagValue);
        default -> r.skipValue();
      }
    }
    r.readEndDocument();
    required(tags, at, "tags");
    return new TraceMetadata(userId, sessionId,
        required(environment, at, "environment"),
        required(hostname, at, "hostname"),
        required(processId, at, "process_id"),
        required(threadId, at, "thread_id"),
        tags);
  }

  private static String tagValue(BsonReader r, BsonPath at) {
    if (r.getCurrentBsonType() != BsonType.STRING) {
      throw BsonFields.corrupt(at, "expected a string tag value, got " + r.getCurrentBsonType());
    }
    return r.readString();
  }
}
