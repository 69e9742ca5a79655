package dev.reflow.trace.viewer.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.reflow.trace.json.TraceJson;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.storage.StorageStats;
import dev.reflow.trace.storage.TracePosition;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The API's JSON bodies, written with Jackson's streaming generator (compact, UTF-8). */
final class ApiJson {
  private static final JsonFactory FACTORY = new JsonFactory();

  private ApiJson() {}

  @FunctionalInterface
  interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  static byte[] write(Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** {@code {"error":{"code":…,"message":…,"parameter":…}}}. */
  static byte[] error(String code, String message, String parameter) {
    return write(g -> {
      g.writeStartObject();
      g.writeObjectFieldStart("error");
      g.writeStringField("code", code);
      g.writeStringField("message", message);
      if (parameter != null) {
        g.writeStringField("parameter", parameter);
      }
      g.writeEndObject();
      g.writeEndObject();
    });
  }

  /** {@code {"traces":[summary…],"next":cursor-or-null}}. */
  static byte[] tracePage(List<TraceListing.Item> items, TracePosition next) {
    return write(g -> {
      g.writeStartObject();
      g.writeArrayFieldStart("traces");
      for (TraceListing.Item item : items) {
        summary(g, item.trace(), item.live());
      }
      g.writeEndArray();
      if (next == null) {
        g.writeNullField("next");
      } else {
        g.writeStringField("next", next.toString());
      }
      g.writeEndObject();
    });
  }

  private static void summary(JsonGenerator g, FlowTrace t, boolean live) throws IOException {
    g.writeStartObject();
    g.writeStringField("trace_id", t.traceId().toString());
    g.writeStringField("flow_id", t.flowId().value());
    g.writeStringField("execution_id", t.executionId().toString());
    g.writeFieldName("status");
    g.writeRawValue(TraceJson.writeStatus(t.status()));
    g.writeStringField("start_time", t.startTime().toString());
    if (t.endTime() == null) {
      g.writeNullField("end_time");
    } else {
      g.writeStringField("end_time", t.endTime().toString());
    }
    g.writeNumberField("event_count", t.events().size());
    String failed = TraceSummary.failedActor(t);
    if (failed == null) {
      g.writeNullField("failed_actor");
    } else {
      g.writeStringField("failed_actor", failed);
    }
    g.writeBooleanField("in_flight", live && t.endTime() == null);
    g.writeEndObject();
  }

  /** {@code {"flows":[{"flow_id","trace_count","failed_count","last_start_time"}…],"truncated":b}}. */
  static byte[] flows(List<FlowScan.Flow> flows, boolean truncated) {
    return write(g -> {
      g.writeStartObject();
      g.writeArrayFieldStart("flows");
      for (FlowScan.Flow f : flows) {
        g.writeStartObject();
        g.writeStringField("flow_id", f.flowId());
        g.writeNumberField("trace_count", f.traceCount());
        g.writeNumberField("failed_count", f.failedCount());
        g.writeStringField("last_start_time", f.lastStartTime());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeBooleanField("truncated", truncated);
      g.writeEndObject();
    });
  }

  /** The store's counts and sizes, and the collector's in-flight count when there is one. */
  static byte[] stats(String backend, StorageStats s, Integer inFlight) {
    return write(g -> {
      g.writeStartObject();
      g.writeStringField("backend", backend);
      g.writeNumberField("total_traces", s.totalTraces());
      g.writeNumberField("total_events", s.totalEvents());
      g.writeNumberField("storage_size_bytes", s.storageSizeBytes());
      instant(g, "oldest_trace_timestamp", s.oldestTraceTimestamp());
      instant(g, "newest_trace_timestamp", s.newestTraceTimestamp());
      g.writeObjectFieldStart("details");
      for (Map.Entry<String, String> e : s.details().entrySet()) {
        g.writeStringField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
      if (inFlight == null) {
        g.writeNullField("in_flight");
      } else {
        g.writeNumberField("in_flight", inFlight);
      }
      g.writeEndObject();
    });
  }

  static byte[] health(String status, String backend, String error) {
    return write(g -> {
      g.writeStartObject();
      g.writeStringField("status", status);
      g.writeStringField("backend", backend);
      if (error != null) {
        g.writeStringField("error", error);
      }
      g.writeEndObject();
    });
  }

  private static void instant(JsonGenerator g, String name, Instant value) throws IOException {
    if (value == null) {
      g.writeNullField(name);
    } else {
      g.writeStringField(name, dev.reflow.trace.model.Timestamp.of(value).toString());
    }
  }
}
