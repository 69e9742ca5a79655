package dev.reflow.trace.otlp;

import com.google.protobuf.ByteString;
import dev.reflow.trace.model.EventId;
import dev.reflow.trace.model.ExecutionStatus;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.MessageSnapshot;
import dev.reflow.trace.model.Timestamp;
import dev.reflow.trace.model.TraceEvent;
import dev.reflow.trace.model.TraceEventData;
import dev.reflow.trace.model.TraceEventType;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One finished {@link FlowTrace} as an OTLP {@link ExportTraceServiceRequest}, mapped exactly as
 * upstream Reflow's collector maps it (docs/otlp.md has the table): one resource with
 * {@code service.name}, one scope {@code reflow_tracing 0.1.0}, the root span first and then one
 * span per event in event order, every attribute a string value in upstream's order.
 *
 * <p>Immutable and thread-safe.
 */
public final class OtlpMapping {
  /** The {@code service.name} upstream uses when its configuration names none. */
  public static final String DEFAULT_SERVICE_NAME = "reflow";
  static final String SCOPE_NAME = "reflow_tracing";
  static final String SCOPE_VERSION = "0.1.0";

  private static final String SERVICE_NAME = "service.name";
  private static final int NANOS_PER_SECOND = 1_000_000_000;

  private final String serviceName;
  private final Options options;

  /**
   * What the mapping adds beyond upstream; {@link #UPSTREAM} adds nothing. Each is off by default
   * because a backend that receives traces from both collectors should see the same spans.
   *
   * @param customAttributes each event's {@code custom_attributes} as typed span attributes
   *     {@code reflow.custom.<name>} (strings, booleans, integers, doubles, arrays and objects as
   *     OTLP arrays and key-value lists; JSON null left out)
   * @param metrics the performance metrics upstream leaves out as typed span attributes
   *     {@code reflow.metrics.*} (execution time is already the span's duration, and is added too)
   * @param resourceAttributes extra string resource attributes after {@code service.name}, in order
   */
  public record Options(boolean customAttributes, boolean metrics, Map<String, String> resourceAttributes) {
    /** Exactly upstream's mapping. */
    public static final Options UPSTREAM = new Options(false, false, Map.of());

    public Options {
      Objects.requireNonNull(resourceAttributes, "resourceAttributes");
      resourceAttributes = Collections.unmodifiableMap(new LinkedHashMap<>(resourceAttributes));
      if (resourceAttributes.containsKey(SERVICE_NAME)) {
        throw new IllegalArgumentException("service.name is set by the service name, not as an extra resource attribute");
      }
    }
  }

  /** Upstream's mapping with {@code service.name} {@value #DEFAULT_SERVICE_NAME}. */
  public OtlpMapping() {
    this(DEFAULT_SERVICE_NAME);
  }

  /** Upstream's mapping with the configured {@code service.name} ({@code [otlp] service_name}). */
  public OtlpMapping(String serviceName) {
    this(serviceName, Options.UPSTREAM);
  }

  /** The configured {@code service.name} with the additions {@code options} turns on. */
  public OtlpMapping(String serviceName, Options options) {
    this.serviceName = Objects.requireNonNull(serviceName, "serviceName");
    this.options = Objects.requireNonNull(options, "options");
  }

  public String serviceName() {
    return serviceName;
  }

  public Options options() {
    return options;
  }

  /** The request upstream sends for this trace. */
  public ExportTraceServiceRequest toRequest(FlowTrace trace) {
    Objects.requireNonNull(trace, "trace");
    return toRequest(List.of(trace));
  }

  /**
   * One request for several traces (a batch): the same resource and scope as for one trace, with
   * the spans of each trace in turn (each trace's root first, then its events).
   */
  public ExportTraceServiceRequest toRequest(Collection<FlowTrace> traces) {
    Objects.requireNonNull(traces, "traces");
    ScopeSpans.Builder scope = ScopeSpans.newBuilder()
        .setScope(InstrumentationScope.newBuilder().setName(SCOPE_NAME).setVersion(SCOPE_VERSION));
    for (FlowTrace trace : traces) {
      Objects.requireNonNull(trace, "trace");
      ByteString traceId = uuidBytes(trace.traceId().value(), 16);
      ByteString rootSpanId = uuidBytes(trace.executionId().value(), 8);
      scope.addSpans(rootSpan(trace, traceId, rootSpanId));
      for (TraceEvent event : trace.events()) {
        scope.addSpans(eventSpan(event, traceId, rootSpanId));
      }
    }
    Resource.Builder resource = Resource.newBuilder().addAttributes(attribute(SERVICE_NAME, serviceName));
    options.resourceAttributes().forEach((k, v) -> resource.addAttributes(attribute(k, v)));
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(ResourceSpans.newBuilder().setResource(resource).addScopeSpans(scope))
        .build();
  }

  private static Span rootSpan(FlowTrace trace, ByteString traceId, ByteString rootSpanId) {
    return Span.newBuilder()
        .setTraceId(traceId)
        .setSpanId(rootSpanId)
        .setName("flow:" + trace.flowId().value())
        .setKind(Span.SpanKind.SPAN_KIND_INTERNAL)
        .setStartTimeUnixNano(unixNanos(trace.startTime()))
        .setEndTimeUnixNano(unixNanos(rootEnd(trace)))
        .addAttributes(attribute("reflow.flow_id", trace.flowId().value()))
        .addAttributes(attribute("reflow.execution_id", trace.executionId().value().toString()))
        .addAttributes(attribute("reflow.status", statusDebugText(trace.status())))
        .build();
  }

  /** {@code end_time}; while unset, the latest event timestamp; with no events, {@code start_time}. */
  private static Timestamp rootEnd(FlowTrace trace) {
    if (trace.endTime() != null) {
      return trace.endTime();
    }
    Timestamp latest = null;
    for (TraceEvent e : trace.events()) {
      if (latest == null || e.timestamp().isAfter(latest)) {
        latest = e.timestamp();
      }
    }
    return latest != null ? latest : trace.startTime();
  }

  private Span eventSpan(TraceEvent event, ByteString traceId, ByteString rootSpanId) {
    TraceEventData data = event.data();
    EventId parent = event.causality().parentEventId();
    long start = unixNanos(event.timestamp());
    Long executionNs = data.performanceMetrics().executionTimeNs();
    String variant = event.eventType().variantName();
    Span.Builder span = Span.newBuilder()
        .setTraceId(traceId)
        .setSpanId(uuidBytes(event.eventId().value(), 8))
        .setParentSpanId(parent != null ? uuidBytes(parent.value(), 8) : rootSpanId)
        .setKind(Span.SpanKind.SPAN_KIND_INTERNAL)
        .setStartTimeUnixNano(start)
        // u64 addition; Rust's release build wraps on overflow, and so does this.
        .setEndTimeUnixNano(executionNs == null ? start : start + executionNs)
        .addAttributes(attribute("reflow.actor_id", event.actorId()))
        .addAttributes(attribute("reflow.event_type", variant));
    if (data.port() != null) {
      span.addAttributes(attribute("reflow.port", data.port()));
    }
    if (event.eventType() instanceof TraceEventType.DataFlow flow) {
      span.setName("dataflow:" + event.actorId() + "->" + flow.toActor())
          .addAttributes(attribute("reflow.to_actor", flow.toActor()))
          .addAttributes(attribute("reflow.to_port", flow.toPort()));
    } else {
      span.setName(variant + ":" + event.actorId());
    }
    MessageSnapshot message = data.message();
    if (message != null) {
      span.addAttributes(attribute("reflow.message.type", message.messageType()))
          .addAttributes(attribute("reflow.message.size_bytes", Long.toUnsignedString(message.sizeBytes())));
      if (!message.checksum().isEmpty()) {
        span.addAttributes(attribute("reflow.message.checksum", message.checksum()));
      }
    }
    if (event.eventType() == TraceEventType.Simple.ACTOR_FAILED) {
      span.setStatus(Status.newBuilder()
          .setCode(Status.StatusCode.STATUS_CODE_ERROR)
          .setMessage(data.error() != null ? data.error() : ""));
    }
    if (options.metrics()) {
      ExtraAttributes.addMetrics(span, data.performanceMetrics());
    }
    if (options.customAttributes()) {
      ExtraAttributes.addCustom(span, data.customAttributes());
    }
    return span.build();
  }

  /** What Rust's {@code format!("{:?}", status)} writes for Reflow's {@code ExecutionStatus}. */
  static String statusDebugText(ExecutionStatus status) {
    if (status instanceof ExecutionStatus.Failed failed) {
      return "Failed { error: " + RustDebug.quote(failed.error()) + " }";
    }
    return status.variantName();
  }

  /**
   * chrono's {@code timestamp_nanos_opt()} (a leap second's nanosecond field counts into the next
   * second), as a u64 bit pattern: a time before 1970 or past i64 nanoseconds (year 2262) is 0,
   * as upstream writes it.
   */
  static long unixNanos(Timestamp t) {
    try {
      long nanos = Math.addExact(Math.multiplyExact(t.epochSecond(), (long) NANOS_PER_SECOND), t.nanos());
      return Math.max(nanos, 0);
    } catch (ArithmeticException overflow) {
      return 0;
    }
  }

  /** The first {@code length} bytes of the UUID, big-endian (its hex digits in order). */
  private static ByteString uuidBytes(UUID uuid, int length) {
    ByteBuffer buf = ByteBuffer.allocate(16)
        .putLong(uuid.getMostSignificantBits())
        .putLong(uuid.getLeastSignificantBits());
    return ByteString.copyFrom(buf.array(), 0, length);
  }

  static KeyValue attribute(String key, String value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
  }
}
