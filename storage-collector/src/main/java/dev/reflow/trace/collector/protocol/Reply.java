package dev.reflow.trace.collector.protocol;

import dev.reflow.trace.json.TraceJson;
import dev.reflow.trace.model.FlowVersion;
import dev.reflow.trace.model.JsonValue;
import dev.reflow.trace.model.TraceId;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A reply of Reflow's tracing protocol (upstream's {@code TracingResponse}, plus the legacy
 * {@code TraceStored} and {@code Metrics}). {@link #toJson()} writes exactly what serde_json
 * writes for it: compact, externally tagged, fields in declaration order, {@code null} for none.
 * Traces and events are held as their JSON, which is how storage and the in-flight set keep them.
 */
public sealed interface Reply {

  /** The reply as compact UTF-8 JSON. */
  byte[] toJson();

  /** {@code {"TraceStarted":{"trace_id":…}}}. */
  record TraceStarted(TraceId traceId) implements Reply {
    @Override
    public byte[] toJson() {
      return new Json().raw("{\"TraceStarted\":{\"trace_id\":\"").raw(traceId.toString()).raw("\"}}").bytes();
    }
  }

  /** {@code {"EventRecorded":{"success":…,"error":…}}}: the answer to RecordEvent, EndTrace, Subscribe and Unsubscribe. */
  record EventRecorded(boolean success, String error) implements Reply {
    public static final EventRecorded OK = new EventRecorded(true, null);

    /** A refusal that keeps the connection going, e.g. an event for a trace that has ended. */
    public static EventRecorded failure(String error) {
      return new EventRecorded(false, Objects.requireNonNull(error, "error"));
    }

    @Override
    public byte[] toJson() {
      return new Json().raw("{\"EventRecorded\":{\"success\":").raw(success ? "true" : "false")
          .raw(",\"error\":").string(error).raw("}}").bytes();
    }
  }

  /** {@code {"TraceData":{"request_id":…,"trace":…}}}; {@code traceJson} null for no such trace. */
  record TraceData(UUID requestId, byte[] traceJson) implements Reply {
    @Override
    public byte[] toJson() {
      Json j = new Json().raw("{\"TraceData\":{\"request_id\":").uuid(requestId).raw(",\"trace\":");
      return (traceJson == null ? j.raw("null") : j.raw(traceJson)).raw("}}").bytes();
    }
  }

  /** {@code {"QueryResults":{"request_id":…,"traces":[…],"total_count":…}}}. */
  record QueryResults(UUID requestId, List<byte[]> traces, long totalCount) implements Reply {
    public QueryResults {
      traces = List.copyOf(traces);
    }

    @Override
    public byte[] toJson() {
      Json j = new Json().raw("{\"QueryResults\":{\"request_id\":").uuid(requestId).raw(",\"traces\":[");
      for (int i = 0; i < traces.size(); i++) {
        if (i > 0) {
          j.raw(",");
        }
        j.raw(traces.get(i));
      }
      return j.raw("],\"total_count\":").raw(Long.toString(totalCount)).raw("}}").bytes();
    }
  }

  /** {@code {"FlowVersions":{"versions":[…]}}}. */
  record FlowVersions(List<FlowVersion> versions) implements Reply {
    public FlowVersions {
      versions = List.copyOf(versions);
    }

    @Override
    public byte[] toJson() {
      Json j = new Json().raw("{\"FlowVersions\":{\"versions\":[");
      for (int i = 0; i < versions.size(); i++) {
        if (i > 0) {
          j.raw(",");
        }
        j.raw(TraceJson.writeVersion(versions.get(i)));
      }
      return j.raw("]}}").bytes();
    }
  }

  /** {@code "Pong"}. */
  enum Pong implements Reply {
    INSTANCE;

    @Override
    public byte[] toJson() {
      return "\"Pong\"".getBytes(StandardCharsets.UTF_8);
    }
  }

  /** {@code {"EventNotification":{"trace_id":…,"event":{…}}}}, pushed to subscribers. */
  record EventNotification(TraceId traceId, byte[] eventJson) implements Reply {
    @Override
    public byte[] toJson() {
      return new Json().raw("{\"EventNotification\":{\"trace_id\":\"").raw(traceId.toString())
          .raw("\",\"event\":").raw(eventJson).raw("}}").bytes();
    }
  }

  /**
   * {@code {"Error":{"message":…,"code":…}}}; with a null code, the legacy shape without it.
   */
  record Error(String message, ErrorCode code) implements Reply {
    public Error {
      Objects.requireNonNull(message, "message");
    }

    @Override
    public byte[] toJson() {
      Json j = new Json().raw("{\"Error\":{\"message\":").string(message);
      if (code != null) {
        j.raw(",\"code\":\"").raw(code.name()).raw("\"");
      }
      return j.raw("}}").bytes();
    }
  }

  /** Legacy {@code {"TraceStored":{"trace_id":…}}}, the answer to StoreTrace. */
  record TraceStored(TraceId traceId) implements Reply {
    @Override
    public byte[] toJson() {
      return new Json().raw("{\"TraceStored\":{\"trace_id\":\"").raw(traceId.toString()).raw("\"}}").bytes();
    }
  }

  /**
   * Legacy {@code {"Metrics":{"data":{…}}}}, the answer to GetMetrics. Keys are written sorted, as
   * serde_json writes the {@code json!} object upstream builds.
   */
  record Metrics(SortedMap<String, Long> data) implements Reply {
    public Metrics {
      data = new TreeMap<>(data);
    }

    @Override
    public byte[] toJson() {
      Json j = new Json().raw("{\"Metrics\":{\"data\":{");
      boolean first = true;
      for (var e : data.entrySet()) {
        if (!first) {
          j.raw(",");
        }
        first = false;
        j.string(e.getKey()).raw(":").raw(Long.toString(e.getValue()));
      }
      return j.raw("}}}").bytes();
    }
  }

  /** A small writer of reply envelopes; strings are escaped by the trace codec, as serde_json escapes them. */
  final class Json {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(128);

    Json raw(String ascii) {
      out.writeBytes(ascii.getBytes(StandardCharsets.UTF_8));
      return this;
    }

    Json raw(byte[] json) {
      out.writeBytes(json);
      return this;
    }

    Json string(String s) {
      return s == null ? raw("null") : raw(TraceJson.writeValueBytes(JsonValue.of(s)));
    }

    Json uuid(UUID id) {
      return raw("\"").raw(id.toString()).raw("\"");
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }
}
