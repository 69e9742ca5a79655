package dev.reflow.trace.json.internal;

import dev.reflow.trace.model.CausalityInfo;
import dev.reflow.trace.model.EventId;
import dev.reflow.trace.model.ExecutionStatus;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.FlowVersion;
import dev.reflow.trace.model.JsonValue;
import dev.reflow.trace.model.MessageSnapshot;
import dev.reflow.trace.model.PerformanceMetrics;
import dev.reflow.trace.model.StateDiff;
import dev.reflow.trace.model.Timestamp;
import dev.reflow.trace.model.TraceEvent;
import dev.reflow.trace.model.TraceEventData;
import dev.reflow.trace.model.TraceEventType;
import dev.reflow.trace.model.TraceMetadata;
import dev.reflow.trace.storage.TraceQuery;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Writes the trace model as serde_json's {@code to_vec} does for Reflow's [N] types: keys in
 * declaration order, every field present, compact. Each key is written together with its quotes,
 * colon and the separating comma, which is what serde_json emits between fields.
 */
public final class TraceEncoder {
  private TraceEncoder() {}

  public static void trace(JsonOut o, FlowTrace t) {
    o.raw("{\"trace_id\":");
    o.uuid(t.traceId().value());
    o.raw(",\"flow_id\":");
    o.string(t.flowId().value());
    o.raw(",\"execution_id\":");
    o.uuid(t.executionId().value());
    o.raw(",\"version\":");
    version(o, t.version());
    o.raw(",\"start_time\":");
    timestamp(o, t.startTime());
    o.raw(",\"end_time\":");
    if (t.endTime() == null) {
      o.nullValue();
    } else {
      timestamp(o, t.endTime());
    }
    o.raw(",\"status\":");
    status(o, t.status());
    o.raw(",\"events\":[");
    List<TraceEvent> events = t.events();
    for (int i = 0; i < events.size(); i++) {
      if (i > 0) {
        o.raw(',');
      }
      event(o, events.get(i));
    }
    o.raw("],\"metadata\":");
    metadata(o, t.metadata());
    o.raw('}');
  }

  public static void version(JsonOut o, FlowVersion v) {
    o.raw("{\"major\":");
    o.number(v.major());
    o.raw(",\"minor\":");
    o.number(v.minor());
    o.raw(",\"patch\":");
    o.number(v.patch());
    o.raw(",\"git_hash\":");
    nullableString(o, v.gitHash());
    o.raw(",\"timestamp\":");
    timestamp(o, v.timestamp());
    o.raw('}');
  }

  public static void timestamp(JsonOut o, Timestamp t) {
    o.timestamp(t.epochSecond(), t.nanos());
  }

  public static void status(JsonOut o, ExecutionStatus s) {
    if (s instanceof ExecutionStatus.Failed f) {
      o.raw("{\"Failed\":{\"error\":");
      o.string(f.error());
      o.raw("}}");
    } else {
      o.raw('"');
      o.raw(s.variantName());
      o.raw('"');
    }
  }

  public static void event(JsonOut o, TraceEvent e) {
    o.raw("{\"event_id\":");
    o.uuid(e.eventId().value());
    o.raw(",\"timestamp\":");
    timestamp(o, e.timestamp());
    o.raw(",\"event_type\":");
    TraceEventType type = e.eventType();
    if (type instanceof TraceEventType.DataFlow df) {
      o.raw("{\"DataFlow\":{\"to_actor\":");
      o.string(df.toActor());
      o.raw(",\"to_port\":");
      o.string(df.toPort());
      o.raw("}}");
    } else {
      o.raw('"');
      o.raw(type.variantName());
      o.raw('"');
    }
    o.raw(",\"actor_id\":");
    o.string(e.actorId());
    o.raw(",\"data\":");
    data(o, e.data());
    o.raw(",\"causality\":");
    causality(o, e.causality());
    o.raw('}');
  }

  static void data(JsonOut o, TraceEventData d) {
    o.raw("{\"port\":");
    nullableString(o, d.port());
    o.raw(",\"message\":");
    if (d.message() == null) {
      o.nullValue();
    } else {
      message(o, d.message());
    }
    o.raw(",\"state_diff\":");
    if (d.stateDiff() == null) {
      o.nullValue();
    } else {
      stateDiff(o, d.stateDiff());
    }
    o.raw(",\"error\":");
    nullableString(o, d.error());
    o.raw(",\"performance_metrics\":");
    metrics(o, d.performanceMetrics());
    o.raw(",\"custom_attributes\":");
    object(o, d.customAttributes());
    o.raw('}');
  }

  static void message(JsonOut o, MessageSnapshot m) {
    o.raw("{\"message_type\":");
    o.string(m.messageType());
    o.raw(",\"size_bytes\":");
    o.unsigned(m.sizeBytes());
    o.raw(",\"checksum\":");
    o.string(m.checksum());
    o.raw(",\"serialized_data\":");
    bytes(o, m.serializedData());
    o.raw(",\"content_codec\":");
    o.string(m.contentCodec());
    o.raw(",\"content_format_version\":");
    o.number(m.contentFormatVersion());
    o.raw(",\"stored_bytes\":");
    if (m.storedBytes() == null) {
      o.nullValue();
    } else {
      o.unsigned(m.storedBytes());
    }
    o.raw('}');
  }

  static void stateDiff(JsonOut o, StateDiff d) {
    o.raw("{\"before\":");
    byte[] before = d.before();
    if (before == null) {
      o.nullValue();
    } else {
      bytes(o, before);
    }
    o.raw(",\"after\":");
    bytes(o, d.after());
    o.raw(",\"diff_type\":\"");
    o.raw(d.diffType().variantName());
    o.raw("\"}");
  }

  static void bytes(JsonOut o, byte[] bytes) {
    o.raw('[');
    for (int i = 0; i < bytes.length; i++) {
      if (i > 0) {
        o.raw(',');
      }
      o.number(bytes[i] & 0xff);
    }
    o.raw(']');
  }

  static void metrics(JsonOut o, PerformanceMetrics m) {
    o.raw("{\"execution_time_ns\":");
    nullableUnsigned(o, m.executionTimeNs());
    o.raw(",\"memory_usage_bytes\":");
    nullableUnsigned(o, m.memoryUsageBytes());
    o.raw(",\"cpu_usage_percent\":");
    if (m.cpuUsagePercent() == null) {
      o.nullValue();
    } else {
      o.f32(m.cpuUsagePercent());
    }
    o.raw(",\"queue_depth\":");
    nullableUnsigned(o, m.queueDepth());
    o.raw(",\"throughput_msgs_per_sec\":");
    if (m.throughputMsgsPerSec() == null) {
      o.nullValue();
    } else {
      o.f64(m.throughputMsgsPerSec());
    }
    o.raw('}');
  }

  static void causality(JsonOut o, CausalityInfo c) {
    o.raw("{\"parent_event_id\":");
    if (c.parentEventId() == null) {
      o.nullValue();
    } else {
      o.uuid(c.parentEventId().value());
    }
    o.raw(",\"root_cause_event_id\":");
    o.uuid(c.rootCauseEventId().value());
    o.raw(",\"dependency_chain\":[");
    List<EventId> chain = c.dependencyChain();
    for (int i = 0; i < chain.size(); i++) {
      if (i > 0) {
        o.raw(',');
      }
      o.uuid(chain.get(i).value());
    }
    o.raw("],\"span_id\":");
    o.string(c.spanId());
    o.raw('}');
  }

  static void metadata(JsonOut o, TraceMetadata m) {
    o.raw("{\"user_id\":");
    nullableString(o, m.userId());
    o.raw(",\"session_id\":");
    nullableString(o, m.sessionId());
    o.raw(",\"environment\":");
    o.string(m.environment());
    o.raw(",\"hostname\":");
    o.string(m.hostname());
    o.raw(",\"process_id\":");
    o.number(m.processId());
    o.raw(",\"thread_id\":");
    o.string(m.threadId());
    o.raw(",\"tags\":{");
    boolean first = true;
    for (Map.Entry<String, String> e : m.tags().entrySet()) {
      if (!first) {
        o.raw(',');
      }
      first = false;
      o.string(e.getKey());
      o.raw(':');
      o.string(e.getValue());
    }
    o.raw("}}");
  }

  private static void nullableString(JsonOut o, String s) {
    if (s == null) {
      o.nullValue();
    } else {
      o.string(s);
    }
  }

  private static void nullableUnsigned(JsonOut o, Long v) {
    if (v == null) {
      o.nullValue();
    } else {
      o.unsigned(v);
    }
  }

  static void object(JsonOut o, Map<String, JsonValue> members) {
    o.raw('{');
    boolean first = true;
    for (Map.Entry<String, JsonValue> e : members.entrySet()) {
      if (!first) {
        o.raw(',');
      }
      first = false;
      o.string(e.getKey());
      o.raw(':');
      value(o, e.getValue());
    }
    o.raw('}');
  }

  /** A {@code serde_json::Value}, members in the order given. */
  public static void value(JsonOut o, JsonValue v) {
    if (v instanceof JsonValue.JsonString s) {
      o.string(s.value());
    } else if (v instanceof JsonValue.JsonInteger i) {
      BigInteger b = i.value();
      if (b.bitLength() < 64) {
        o.number(b.longValue());
      } else {
        o.raw(b.toString());
      }
    } else if (v instanceof JsonValue.JsonFloat f) {
      o.f64(f.value());
    } else if (v instanceof JsonValue.JsonObject obj) {
      object(o, obj.members());
    } else if (v instanceof JsonValue.JsonArray a) {
      o.raw('[');
      List<JsonValue> items = a.items();
      for (int i = 0; i < items.size(); i++) {
        if (i > 0) {
          o.raw(',');
        }
        value(o, items.get(i));
      }
      o.raw(']');
    } else if (v instanceof JsonValue.JsonBoolean b) {
      o.bool(b.value());
    } else {
      o.nullValue();
    }
  }

  /**
   * Reflow's {@code TraceQuery}. The time range is a 2-tuple there, so it is written only when
   * both ends are set; a half-open range has no Reflow form.
   *
   * @throws IllegalArgumentException for a half-open time range, or a keyset position (Reflow's
   *     query has no field for it, and dropping it would widen the query)
   */
  public static void query(JsonOut o, TraceQuery q) {
    if (q.after() != null) {
      throw new IllegalArgumentException(
          "Reflow's TraceQuery has no keyset position; got after=" + q.after());
    }
    o.raw("{\"flow_id\":");
    nullableString(o, q.flowId() == null ? null : q.flowId().value());
    o.raw(",\"execution_id\":");
    if (q.executionId() == null) {
      o.nullValue();
    } else {
      o.uuid(q.executionId().value());
    }
    o.raw(",\"time_range\":");
    Instant from = q.from();
    Instant to = q.to();
    if (from == null && to == null) {
      o.nullValue();
    } else if (from == null || to == null) {
      throw new IllegalArgumentException(
          "Reflow's TraceQuery.time_range needs both ends; got from=" + from + ", to=" + to);
    } else {
      o.raw('[');
      timestamp(o, Timestamp.of(from));
      o.raw(',');
      timestamp(o, Timestamp.of(to));
      o.raw(']');
    }
    o.raw(",\"status\":");
    if (q.status() == null) {
      o.nullValue();
    } else {
      status(o, q.status());
    }
    o.raw(",\"actor_filter\":");
    nullableString(o, q.actorFilter());
    o.raw(",\"limit\":");
    if (q.limit() == null) {
      o.nullValue();
    } else {
      o.number(q.limit());
    }
    o.raw(",\"offset\":");
    if (q.offset() == null) {
      o.nullValue();
    } else {
      o.number(q.offset());
    }
    o.raw('}');
  }
}
