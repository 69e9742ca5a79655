package dev.reflow.trace.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.reflow.trace.json.TraceJson;
import dev.reflow.trace.model.CausalityInfo;
import dev.reflow.trace.model.EventId;
import dev.reflow.trace.model.ExecutionStatus;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.JsonValue;
import dev.reflow.trace.model.MessageSnapshot;
import dev.reflow.trace.model.PerformanceMetrics;
import dev.reflow.trace.model.Timestamp;
import dev.reflow.trace.model.TraceEvent;
import dev.reflow.trace.model.TraceEventData;
import dev.reflow.trace.model.TraceEventType;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OtlpMappingTest {
  private static final OtlpMapping MAPPING = new OtlpMapping();
  private static final EventId E1 = EventId.parse("11111111-2222-4333-8444-555555555555");
  private static final EventId E2 = EventId.parse("aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee");
  private static final EventId UNKNOWN = EventId.parse("99999999-8888-4777-8666-555555555555");

  @Test
  void fixtureMapsToUpstreamsRequest() throws InvalidProtocolBufferException {
    FlowTrace trace = TraceJson.read(resource("completed-flow.json"));
    // written from section 6's rules independently of this code, in serde_json's compact form
    String expected = resource("completed-flow.otlp.json").strip();

    ExportTraceServiceRequest request = MAPPING.toRequest(trace);

    assertThat(request).isEqualTo(OtlpJson.parse(expected));
    // byte for byte what serde_json writes: JsonFormat's HTML-safe escape of '>' (in "a->b") is undone
    assertThat(OtlpJson.print(request)).isEqualTo(expected);
    assertEncodingsRoundTrip(request);
  }

  @Test
  void rootSpanCarriesFlowAttributesInUpstreamsOrder() {
    FlowTrace trace = TraceJson.read(resource("completed-flow.json"));
    Span root = spans(MAPPING.toRequest(trace)).get(0);

    assertThat(root.getName()).isEqualTo("flow:order_ingest_pipeline");
    assertThat(root.getParentSpanId().isEmpty()).isTrue();
    assertThat(root.hasStatus()).isFalse();
    assertThat(keys(root)).containsExactly("reflow.flow_id", "reflow.execution_id", "reflow.status");
    assertThat(spans(MAPPING.toRequest(trace))).hasSize(1 + trace.events().size());
  }

  @Test
  void eventWithoutParentHangsOffTheRootAndParentIsFirstEightBytes() {
    FlowTrace trace = minimal().withEvents(List.of(
        event(E1, null, TraceEventType.Simple.ACTOR_STARTED, "a", TraceEventData.empty()),
        event(E2, E1, TraceEventType.Simple.ACTOR_COMPLETED, "a", TraceEventData.empty()),
        event(UNKNOWN, UNKNOWN, TraceEventType.Simple.NETWORK_EVENT, "net", TraceEventData.empty())));

    List<Span> spans = spans(MAPPING.toRequest(trace));
    String json = OtlpJson.print(MAPPING.toRequest(trace));

    assertThat(hex(spans.get(1).getParentSpanId().toByteArray())).isEqualTo("5b430564af284b74");
    assertThat(hex(spans.get(1).getSpanId().toByteArray())).isEqualTo("1111111122224333");
    assertThat(hex(spans.get(2).getParentSpanId().toByteArray())).isEqualTo("1111111122224333");
    assertThat(hex(spans.get(3).getParentSpanId().toByteArray())).isEqualTo("9999999988884777");
    assertThat(json).contains("\"spanId\":\"aaaaaaaabbbb4ccc\",\"parentSpanId\":\"1111111122224333\"");
    assertThat(json).contains("\"traceId\":\"f7e619b93d9b425f8b88dd19e7410588\"");
  }

  @Test
  void rootEndFallsBackToLatestEventThenToStart() {
    FlowTrace running = minimal();
    assertThat(spans(MAPPING.toRequest(running)).get(0).getEndTimeUnixNano())
        .isEqualTo(1773486000000001500L)
        .isEqualTo(spans(MAPPING.toRequest(running)).get(0).getStartTimeUnixNano());

    FlowTrace withEvents = running.withEvents(List.of(
        event(E1, null, TraceEventType.Simple.ACTOR_STARTED, "a", TraceEventData.empty(), "2026-03-14T11:00:05.000000007Z"),
        event(E2, null, TraceEventType.Simple.ACTOR_COMPLETED, "a", TraceEventData.empty(), "2026-03-14T11:00:02Z")));
    assertThat(spans(MAPPING.toRequest(withEvents)).get(0).getEndTimeUnixNano()).isEqualTo(1773486005000000007L);

    FlowTrace finished = withEvents.withStatus(ExecutionStatus.COMPLETED, Timestamp.parse("2026-03-14T11:00:09Z"));
    assertThat(spans(MAPPING.toRequest(finished)).get(0).getEndTimeUnixNano()).isEqualTo(1773486009000000000L);
  }

  @Test
  void eventEndIsStartPlusExecutionTimeOrStart() {
    TraceEventData measured = data(null, null, null, PerformanceMetrics.cheap(250, 3));
    FlowTrace trace = minimal().withEvents(List.of(
        event(E1, null, TraceEventType.Simple.ACTOR_STARTED, "a", measured, "2026-03-14T11:00:01Z"),
        event(E2, null, TraceEventType.Simple.ACTOR_STARTED, "b", TraceEventData.empty(), "2026-03-14T11:00:01Z")));

    List<Span> spans = spans(MAPPING.toRequest(trace));
    assertThat(spans.get(1).getEndTimeUnixNano()).isEqualTo(1773486001000000250L);
    assertThat(spans.get(2).getEndTimeUnixNano()).isEqualTo(1773486001000000000L);
  }

  @Test
  void timesBeforeTheEpochOrPastI64NanosAreZero() {
    assertThat(OtlpMapping.unixNanos(Timestamp.parse("1969-12-31T23:59:59Z"))).isZero();
    assertThat(OtlpMapping.unixNanos(Timestamp.parse("2262-04-12T00:00:00Z"))).isZero();
    assertThat(OtlpMapping.unixNanos(Timestamp.parse("2262-04-11T23:47:16.854775807Z"))).isEqualTo(Long.MAX_VALUE);
    // chrono counts a leap second's nanoseconds into the next second
    assertThat(OtlpMapping.unixNanos(Timestamp.parse("2016-12-31T23:59:60.5Z"))).isEqualTo(1483228800500000000L);
  }

  @Test
  void dataFlowMessageAndPortAttributes() {
    MessageSnapshot message = MessageSnapshot.legacy("Integer", -1L, "", new byte[0]);
    FlowTrace trace = minimal().withEvents(List.of(
        event(E1, null, TraceEventType.dataFlow("sink", "in"), "src", data("out", message, null, null)),
        event(E2, null, TraceEventType.Simple.MESSAGE_SENT, "src",
            data(null, MessageSnapshot.legacy("Text", 5, "sha256:ab", new byte[0]), null, null))));

    List<Span> spans = spans(MAPPING.toRequest(trace));

    assertThat(spans.get(1).getName()).isEqualTo("dataflow:src->sink");
    assertThat(attributes(spans.get(1))).containsExactly(
        "reflow.actor_id=src", "reflow.event_type=DataFlow", "reflow.port=out", "reflow.to_actor=sink",
        "reflow.to_port=in", "reflow.message.type=Integer", "reflow.message.size_bytes=18446744073709551615");
    assertThat(spans.get(2).getName()).isEqualTo("MessageSent:src");
    assertThat(attributes(spans.get(2))).containsExactly(
        "reflow.actor_id=src", "reflow.event_type=MessageSent", "reflow.message.type=Text",
        "reflow.message.size_bytes=5", "reflow.message.checksum=sha256:ab");
  }

  @Test
  void actorFailedHasErrorStatusAndOthersNone() {
    FlowTrace trace = minimal().withEvents(List.of(
        event(E1, null, TraceEventType.Simple.ACTOR_FAILED, "writer", data(null, null, "disk full", null)),
        event(E2, null, TraceEventType.Simple.ACTOR_FAILED, "writer", TraceEventData.empty()),
        event(UNKNOWN, null, TraceEventType.Simple.ACTOR_COMPLETED, "writer", data(null, null, "ignored", null))));

    ExportTraceServiceRequest request = MAPPING.toRequest(trace);
    List<Span> spans = spans(request);

    assertThat(spans.get(1).getName()).isEqualTo("ActorFailed:writer");
    assertThat(spans.get(1).getStatus().getCodeValue()).isEqualTo(2);
    assertThat(spans.get(1).getStatus().getMessage()).isEqualTo("disk full");
    assertThat(spans.get(2).hasStatus()).isTrue();
    assertThat(spans.get(2).getStatus().getCodeValue()).isEqualTo(2);
    assertThat(spans.get(2).getStatus().getMessage()).isEmpty();
    assertThat(spans.get(3).hasStatus()).isFalse();
    assertThat(OtlpJson.print(request)).contains("\"status\":{\"message\":\"disk full\",\"code\":2}");
    assertEncodingsRoundTrip(request);
  }

  @Test
  void statusIsRustDebugTextWithRustEscaping() {
    assertThat(rootStatus(ExecutionStatus.COMPLETED)).isEqualTo("Completed");
    assertThat(rootStatus(ExecutionStatus.RUNNING)).isEqualTo("Running");
    assertThat(rootStatus(ExecutionStatus.PENDING)).isEqualTo("Pending");
    assertThat(rootStatus(ExecutionStatus.CANCELLED)).isEqualTo("Cancelled");
    assertThat(rootStatus(ExecutionStatus.failed("boom"))).isEqualTo("Failed { error: \"boom\" }");
    assertThat(rootStatus(ExecutionStatus.failed("say \"hi\" it's C:\\tmp")))
        .isEqualTo("Failed { error: \"say \\\"hi\\\" it's C:\\\\tmp\" }");
    assertThat(rootStatus(ExecutionStatus.failed("a\nb\r\tc\0d\u0007e\u007f")))
        .isEqualTo("Failed { error: \"a\\nb\\r\\tc\\0d\\u{7}e\\u{7f}\" }");
    // printable non-ASCII stays; format characters, private use, separators and combining marks are escaped
    assertThat(rootStatus(ExecutionStatus.failed("héllo ☃ 😀 日本")))
        .isEqualTo("Failed { error: \"héllo ☃ 😀 日本\" }");
    assertThat(rootStatus(ExecutionStatus.failed("\u200b\ue000\u2028\u00a0e\u0301")))
        .isEqualTo("Failed { error: \"\\u{200b}\\u{e000}\\u{2028}\\u{a0}e\\u{301}\" }");
  }

  @Test
  void serviceNameComesFromConfiguration() {
    ExportTraceServiceRequest request = new OtlpMapping("billing").toRequest(minimal());
    KeyValue name = request.getResourceSpans(0).getResource().getAttributes(0);
    assertThat(name.getKey()).isEqualTo("service.name");
    assertThat(name.getValue().getStringValue()).isEqualTo("billing");
    assertThat(request.getResourceSpans(0).getScopeSpans(0).getScope().getName()).isEqualTo("reflow_tracing");
    assertThat(request.getResourceSpans(0).getScopeSpans(0).getScope().getVersion()).isEqualTo("0.1.0");
  }

  @Test
  void jsonParserRejectsUnknownFieldsAndBadIds() {
    assertThatThrownBy(() -> OtlpJson.parse("{\"resourceSpans\":[],\"extra\":1}"))
        .isInstanceOf(InvalidProtocolBufferException.class);
    assertThatThrownBy(() -> OtlpJson.parse(
        "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"spanId\":\"abc\"}]}]}]}"))
        .isInstanceOf(InvalidProtocolBufferException.class);
  }

  @Test
  void jsonWritesHtmlCharactersAsSerdeDoesAndKeepsEscapedBackslashes() throws InvalidProtocolBufferException {
    // an escaped backslash followed by "u003e" must stay as it is, the real escapes are undone
    String actor = "a<b>&c='d' \\u003e \u2028 \"q\" \n";
    FlowTrace trace = minimal().withEvents(List.of(
        event(E1, null, TraceEventType.Simple.ACTOR_COMPLETED, actor, TraceEventData.empty())));
    ExportTraceServiceRequest request = MAPPING.toRequest(trace);

    String json = OtlpJson.print(request);

    // serde_json's form: < > & = ' and U+2028 raw; backslash, quote and newline escaped
    assertThat(json).contains("\"stringValue\":\"a<b>&c='d' \\\\u003e \u2028 \\\"q\\\" \\n\"");
    assertThat(OtlpJson.parse(json)).isEqualTo(request);
    ExportTraceServiceRequest.Builder strict = ExportTraceServiceRequest.newBuilder();
    JsonFormat.parser().merge(json, strict);
    assertThat(strict.getResourceSpans(0).getScopeSpans(0).getSpans(1).getAttributes(0).getValue().getStringValue())
        .isEqualTo(actor);
  }

  @Test
  void batchHoldsEachTracesSpansInTurnUnderOneResource() {
    FlowTrace a = TraceJson.read(resource("completed-flow.json"));
    FlowTrace b = minimal();

    ExportTraceServiceRequest batch = MAPPING.toRequest(List.of(a, b));

    assertThat(batch.getResourceSpansCount()).isEqualTo(1);
    List<Span> expected = new ArrayList<>(spans(MAPPING.toRequest(a)));
    expected.addAll(spans(MAPPING.toRequest(b)));
    assertThat(spans(batch)).isEqualTo(expected);
    assertEncodingsRoundTrip(batch);
  }

  @Test
  void optionsAddTypedCustomAttributesMetricsAndResourceAttributes() {
    Map<String, JsonValue> custom = new java.util.LinkedHashMap<>();
    custom.put("retries", JsonValue.of(3));
    custom.put("big", new JsonValue.JsonInteger(new java.math.BigInteger("18446744073709551615")));
    custom.put("ratio", JsonValue.of(0.5));
    custom.put("ok", JsonValue.of(true));
    custom.put("name", JsonValue.of("x"));
    custom.put("nothing", JsonValue.NULL);
    custom.put("list", JsonValue.array(JsonValue.of(1), JsonValue.of("two")));
    custom.put("obj", JsonValue.object(Map.of("k", JsonValue.of("v"))));
    TraceEventData data = new TraceEventData(null, null, null, null,
        new PerformanceMetrics(1500L, -1L, 12.5f, 4L, 99.5), custom);
    FlowTrace trace = minimal().withEvents(List.of(event(E1, null, TraceEventType.Simple.ACTOR_COMPLETED, "w", data)));
    OtlpMapping extended = new OtlpMapping("svc",
        new OtlpMapping.Options(true, true, new java.util.LinkedHashMap<>(Map.of("deployment.environment", "prod"))));

    ExportTraceServiceRequest request = extended.toRequest(trace);
    Span span = spans(request).get(1);

    assertThat(request.getResourceSpans(0).getResource().getAttributesList())
        .extracting(KeyValue::getKey).containsExactly("service.name", "deployment.environment");
    assertThat(keys(span)).containsExactly("reflow.actor_id", "reflow.event_type",
        "reflow.metrics.execution_time_ns", "reflow.metrics.memory_usage_bytes", "reflow.metrics.cpu_usage_percent",
        "reflow.metrics.queue_depth", "reflow.metrics.throughput_msgs_per_sec",
        "reflow.custom.retries", "reflow.custom.big", "reflow.custom.ratio", "reflow.custom.ok", "reflow.custom.name",
        "reflow.custom.list", "reflow.custom.obj");
    Map<String, io.opentelemetry.proto.common.v1.AnyValue> v = new java.util.HashMap<>();
    span.getAttributesList().forEach(kv -> v.put(kv.getKey(), kv.getValue()));
    assertThat(v.get("reflow.metrics.execution_time_ns").getIntValue()).isEqualTo(1500);
    assertThat(v.get("reflow.metrics.memory_usage_bytes").getStringValue()).isEqualTo("18446744073709551615");
    assertThat(v.get("reflow.metrics.cpu_usage_percent").getDoubleValue()).isEqualTo(12.5);
    assertThat(v.get("reflow.custom.retries").getIntValue()).isEqualTo(3);
    assertThat(v.get("reflow.custom.big").getStringValue()).isEqualTo("18446744073709551615");
    assertThat(v.get("reflow.custom.ratio").getDoubleValue()).isEqualTo(0.5);
    assertThat(v.get("reflow.custom.ok").getBoolValue()).isTrue();
    assertThat(v.get("reflow.custom.list").getArrayValue().getValues(1).getStringValue()).isEqualTo("two");
    assertThat(v.get("reflow.custom.obj").getKvlistValue().getValues(0).getKey()).isEqualTo("k");
    // off by default: exactly upstream's attributes
    assertThat(keys(spans(MAPPING.toRequest(trace)).get(1))).containsExactly("reflow.actor_id", "reflow.event_type");
    assertEncodingsRoundTrip(request);
  }

  /** The JSON parses with protobuf's strict parser and our hex-aware one to the same message; the bytes too. */
  private static void assertEncodingsRoundTrip(ExportTraceServiceRequest request) {
    String json = OtlpJson.print(request);
    try {
      ExportTraceServiceRequest.Builder strict = ExportTraceServiceRequest.newBuilder();
      JsonFormat.parser().merge(json, strict);
      assertThat(strict.getResourceSpansCount()).isEqualTo(request.getResourceSpansCount());
      assertThat(OtlpJson.parse(json)).isEqualTo(request);
      assertThat(ExportTraceServiceRequest.parseFrom(request.toByteArray())).isEqualTo(request);
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  private static String rootStatus(ExecutionStatus status) {
    FlowTrace trace = minimal().withStatus(status, null);
    ExportTraceServiceRequest request = MAPPING.toRequest(trace);
    assertEncodingsRoundTrip(request);
    return spans(request).get(0).getAttributes(2).getValue().getStringValue();
  }

  static FlowTrace minimal() {
    return TraceJson.read(resource("minimal-flow.json"));
  }

  private static TraceEvent event(EventId id, EventId parent, TraceEventType type, String actor, TraceEventData data) {
    return event(id, parent, type, actor, data, "2026-03-14T11:00:01Z");
  }

  private static TraceEvent event(
      EventId id, EventId parent, TraceEventType type, String actor, TraceEventData data, String at) {
    return new TraceEvent(id, Timestamp.parse(at), type, actor, data,
        new CausalityInfo(parent, parent != null ? parent : id, List.of(), id.toString()));
  }

  private static TraceEventData data(String port, MessageSnapshot message, String error, PerformanceMetrics metrics) {
    return new TraceEventData(port, message, null, error, metrics, Map.of());
  }

  private static List<Span> spans(ExportTraceServiceRequest request) {
    return request.getResourceSpans(0).getScopeSpans(0).getSpansList();
  }

  private static List<String> keys(Span span) {
    List<String> keys = new ArrayList<>();
    span.getAttributesList().forEach(kv -> keys.add(kv.getKey()));
    return keys;
  }

  private static List<String> attributes(Span span) {
    List<String> out = new ArrayList<>();
    span.getAttributesList().forEach(kv -> out.add(kv.getKey() + "=" + kv.getValue().getStringValue()));
    return out;
  }

  private static String hex(byte[] bytes) {
    return java.util.HexFormat.of().formatHex(bytes);
  }

  /** A test resource of this module as text (the fixtures, for OtlpJsonWriterTest too). */
  static String resource(String name) {
    try (InputStream in = OtlpMappingTest.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
