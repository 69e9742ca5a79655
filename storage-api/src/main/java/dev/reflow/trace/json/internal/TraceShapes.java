package dev.reflow.trace.json.internal;

import com.fasterxml.jackson.core.JsonToken;
import dev.reflow.trace.json.internal.StructShape.Field;
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
import dev.reflow.trace.storage.TraceQuery;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Reflow's types as serde derives them (see the format description: field names, which fields are
 * {@code Option} or {@code #[serde(default)]}, both model versions). To add a field, declare it in
 * its struct below, in Rust declaration order, and pass it to the constructor. Declared leaves
 * first: a shape must exist before a shape that contains it.
 */
final class TraceShapes {
  private TraceShapes() {}

  static final ValueReader<EventId> EVENT_ID = c -> new EventId(Scalars.uuid(c));

  static final EnumShape<StateDiffType> STATE_DIFF_TYPE = EnumShape.<StateDiffType>builder()
      .unit("Full", StateDiffType.FULL)
      .unit("Incremental", StateDiffType.INCREMENTAL)
      .unit("MemoryOnly", StateDiffType.MEMORY_ONLY)
      .build("StateDiffType");

  static final EnumShape<ExecutionStatus> STATUS = EnumShape.<ExecutionStatus>builder()
      .unit("Pending", ExecutionStatus.PENDING)
      .unit("Running", ExecutionStatus.RUNNING)
      .unit("Completed", ExecutionStatus.COMPLETED)
      .struct("Failed", StructShape.declare("variant ExecutionStatus::Failed", s -> {
        Field<String> error = s.required("error", Scalars::string);
        return v -> ExecutionStatus.failed(error.from(v));
      }))
      .unit("Cancelled", ExecutionStatus.CANCELLED)
      .build("ExecutionStatus");

  static final EnumShape<TraceEventType> EVENT_TYPE = eventTypes();

  private static EnumShape<TraceEventType> eventTypes() {
    EnumShape.Builder<TraceEventType> b = EnumShape.builder();
    for (TraceEventType.Simple s : TraceEventType.Simple.values()) {
      if (s == TraceEventType.Simple.NETWORK_EVENT) {
        // Reflow declares DataFlow between PortDisconnected and NetworkEvent.
        b.struct("DataFlow", StructShape.declare("variant TraceEventType::DataFlow", f -> {
          Field<String> toActor = f.required("to_actor", Scalars::string);
          Field<String> toPort = f.required("to_port", Scalars::string);
          return v -> new TraceEventType.DataFlow(toActor.from(v), toPort.from(v));
        }));
      }
      b.unit(s.variantName(), s);
    }
    return b.build("TraceEventType");
  }

  static final StructShape<FlowVersion> FLOW_VERSION = StructShape.declare("FlowVersion", s -> {
    Field<Long> major = s.required("major", Scalars::u32);
    Field<Long> minor = s.required("minor", Scalars::u32);
    Field<Long> patch = s.required("patch", Scalars::u32);
    Field<String> gitHash = s.option("git_hash", Scalars::string);
    Field<Timestamp> timestamp = s.required("timestamp", Scalars::timestamp);
    return v -> new FlowVersion(major.from(v), minor.from(v), patch.from(v), gitHash.from(v), timestamp.from(v));
  });

  private static final byte[] NO_BYTES = new byte[0];

  /** [S] has the first four fields; [N] added the three defaulted ones. */
  static final StructShape<MessageSnapshot> MESSAGE_SNAPSHOT = StructShape.declare("MessageSnapshot", s -> {
    Field<String> messageType = s.required("message_type", Scalars::string);
    Field<Long> sizeBytes = s.required("size_bytes", Scalars::u64);
    Field<String> checksum = s.required("checksum", Scalars::string);
    Field<byte[]> serializedData = s.defaulted("serialized_data", Scalars::bytes, NO_BYTES);
    Field<String> contentCodec = s.defaulted("content_codec", Scalars::string,
        MessageSnapshot.DEFAULT_CONTENT_CODEC);
    Field<Long> contentFormatVersion = s.defaulted("content_format_version", Scalars::u32, 0L);
    Field<Long> storedBytes = s.defaultedOption("stored_bytes", Scalars::u64);
    return v -> new MessageSnapshot(messageType.from(v), sizeBytes.from(v), checksum.from(v),
        serializedData.from(v), contentCodec.from(v), contentFormatVersion.from(v), storedBytes.from(v));
  });

  static final StructShape<StateDiff> STATE_DIFF = StructShape.declare("StateDiff", s -> {
    Field<byte[]> before = s.option("before", Scalars::bytes);
    Field<byte[]> after = s.required("after", Scalars::bytes);
    Field<StateDiffType> diffType = s.required("diff_type", STATE_DIFF_TYPE);
    return v -> new StateDiff(before.from(v), after.from(v), diffType.from(v));
  });

  /** [S] has plain numbers; [N] makes each an {@code Option} with {@code #[serde(default)]}, read here. */
  static final StructShape<PerformanceMetrics> PERFORMANCE_METRICS = StructShape.declare("PerformanceMetrics", s -> {
    Field<Long> executionTimeNs = s.defaultedOption("execution_time_ns", Scalars::u64);
    Field<Long> memoryUsageBytes = s.defaultedOption("memory_usage_bytes", Scalars::u64);
    Field<Float> cpuUsagePercent = s.defaultedOption("cpu_usage_percent", Scalars::f32);
    Field<Long> queueDepth = s.defaultedOption("queue_depth", Scalars::u64);
    Field<Double> throughput = s.defaultedOption("throughput_msgs_per_sec", Scalars::f64);
    return v -> new PerformanceMetrics(executionTimeNs.from(v), memoryUsageBytes.from(v), cpuUsagePercent.from(v),
        queueDepth.from(v), throughput.from(v));
  });

  static final StructShape<TraceEventData> TRACE_EVENT_DATA = StructShape.declare("TraceEventData", s -> {
    Field<String> port = s.option("port", Scalars::string);
    Field<MessageSnapshot> message = s.option("message", MESSAGE_SNAPSHOT);
    Field<StateDiff> stateDiff = s.option("state_diff", STATE_DIFF);
    Field<String> error = s.option("error", Scalars::string);
    Field<PerformanceMetrics> metrics = s.required("performance_metrics", PERFORMANCE_METRICS);
    Field<Map<String, JsonValue>> attributes = s.required("custom_attributes",
        ValueReader.mapOf(JsonValues::read));
    return v -> new TraceEventData(port.from(v), message.from(v), stateDiff.from(v), error.from(v),
        metrics.from(v), attributes.from(v));
  });

  static final StructShape<CausalityInfo> CAUSALITY_INFO = StructShape.declare("CausalityInfo", s -> {
    Field<EventId> parent = s.option("parent_event_id", EVENT_ID);
    Field<EventId> rootCause = s.required("root_cause_event_id", EVENT_ID);
    Field<List<EventId>> chain = s.required("dependency_chain", ValueReader.listOf(EVENT_ID));
    Field<String> spanId = s.required("span_id", Scalars::string);
    return v -> new CausalityInfo(parent.from(v), rootCause.from(v), chain.from(v), spanId.from(v));
  });

  static final StructShape<TraceEvent> TRACE_EVENT = StructShape.declare("TraceEvent", s -> {
    Field<EventId> eventId = s.required("event_id", EVENT_ID);
    Field<Timestamp> timestamp = s.required("timestamp", Scalars::timestamp);
    Field<TraceEventType> eventType = s.required("event_type", EVENT_TYPE);
    Field<String> actorId = s.required("actor_id", Scalars::string);
    Field<TraceEventData> data = s.required("data", TRACE_EVENT_DATA);
    Field<CausalityInfo> causality = s.required("causality", CAUSALITY_INFO);
    return v -> new TraceEvent(eventId.from(v), timestamp.from(v), eventType.from(v), actorId.from(v), data.from(v),
        causality.from(v));
  });

  static final StructShape<TraceMetadata> TRACE_METADATA = StructShape.declare("TraceMetadata", s -> {
    Field<String> userId = s.option("user_id", Scalars::string);
    Field<String> sessionId = s.option("session_id", Scalars::string);
    Field<String> environment = s.required("environment", Scalars::string);
    Field<String> hostname = s.required("hostname", Scalars::string);
    Field<Long> processId = s.required("process_id", Scalars::u32);
    Field<String> threadId = s.required("thread_id", Scalars::string);
    Field<Map<String, String>> tags = s.required("tags", ValueReader.mapOf(Scalars::string));
    return v -> new TraceMetadata(userId.from(v), sessionId.from(v), environment.from(v), hostname.from(v),
        processId.from(v), threadId.from(v), tags.from(v));
  });

  static final StructShape<FlowTrace> FLOW_TRACE = StructShape.declare("FlowTrace", s -> {
    Field<TraceId> traceId = s.required("trace_id", c -> new TraceId(Scalars.uuid(c)));
    Field<FlowId> flowId = s.required("flow_id", c -> new FlowId(Scalars.string(c)));
    Field<ExecutionId> executionId = s.required("execution_id", c -> new ExecutionId(Scalars.uuid(c)));
    Field<FlowVersion> version = s.required("version", FLOW_VERSION);
    Field<Timestamp> startTime = s.required("start_time", Scalars::timestamp);
    Field<Timestamp> endTime = s.option("end_time", Scalars::timestamp);
    Field<ExecutionStatus> status = s.required("status", STATUS);
    Field<List<TraceEvent>> events = s.required("events", ValueReader.listOf(TRACE_EVENT));
    Field<TraceMetadata> metadata = s.required("metadata", TRACE_METADATA);
    return v -> new FlowTrace(traceId.from(v), flowId.from(v), executionId.from(v), version.from(v),
        startTime.from(v), endTime.from(v), status.from(v), events.from(v), metadata.from(v));
  });

  /** A {@code (DateTime<Utc>, DateTime<Utc>)} tuple: an array of exactly two timestamps. */
  private static Timestamp[] timeRange(JsonCursor c) throws IOException {
    if (c.p.currentToken() != JsonToken.START_ARRAY) {
      throw c.invalidType("a tuple of size 2");
    }
    Timestamp[] out = new Timestamp[2];
    for (int i = 0; i < 2; i++) {
      if (c.p.nextToken() == JsonToken.END_ARRAY) {
        throw c.fail("invalid length " + i + ", expected a tuple of size 2");
      }
      out[i] = Scalars.timestamp(c);
    }
    if (c.p.nextToken() != JsonToken.END_ARRAY) {
      throw c.fail("trailing elements, expected a tuple of size 2");
    }
    return out;
  }

  /** Reflow's {@code TraceQuery}; the builder's own checks (e.g. a reversed range) become format errors. */
  static final StructShape<TraceQuery> TRACE_QUERY = StructShape.declare("TraceQuery", s -> {
    Field<String> flowId = s.option("flow_id", Scalars::string);
    Field<ExecutionId> executionId = s.option("execution_id", c -> new ExecutionId(Scalars.uuid(c)));
    Field<Timestamp[]> timeRange = s.option("time_range", TraceShapes::timeRange);
    Field<ExecutionStatus> status = s.option("status", STATUS);
    Field<String> actorFilter = s.option("actor_filter", Scalars::string);
    Field<Integer> limit = s.option("limit", Scalars::usizeAsInt);
    Field<Integer> offset = s.option("offset", Scalars::usizeAsInt);
    return v -> {
      TraceQuery.Builder b = TraceQuery.builder()
          .flowId(flowId.from(v))
          .executionId(executionId.from(v))
          .status(status.from(v))
          .actorFilter(actorFilter.from(v))
          .limit(limit.from(v))
          .offset(offset.from(v));
      Timestamp[] range = timeRange.from(v);
      if (range != null) {
        b.timeRange(range[0].toInstant(), range[1].toInstant());
      }
      return b.build();
    };
  });
}
