package dev.reflow.trace.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.reflow.trace.json.TraceJson;
import dev.reflow.trace.model.CausalityInfo;
import dev.reflow.trace.model.EventId;
import dev.reflow.trace.model.ExecutionStatus;
import dev.reflow.trace.model.FlowId;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.JsonValue;
import dev.reflow.trace.model.MessageSnapshot;
import dev.reflow.trace.model.PerformanceMetrics;
import dev.reflow.trace.model.Timestamp;
import dev.reflow.trace.model.TraceEvent;
import dev.reflow.trace.model.TraceEventData;
import dev.reflow.trace.model.TraceEventType;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link OtlpJson#print} (our Jackson writer) writes exactly the bytes the JsonFormat-based
 * printer it replaced wrote ({@link JsonFormatOracle}), on the fixture traces, on traces built to
 * hit every escaping and number rule, and on random messages that set every field of every
 * message type an {@code ExportTraceServiceRequest} can hold.
 */
class OtlpJsonWriterTest {
  private static final OtlpMapping UPSTREAM = new OtlpMapping();
  private static final OtlpMapping EXTENDED = new OtlpMapping("svc <&>",
      new OtlpMapping.Options(true, true, new LinkedHashMap<>(Map.of("deployment.environment", "prod='a'"))));

  /** Strings that exercise every escaping rule: JSON's, Gson's HTML-safe set, and what neither escapes. */
  private static final List<String> TRICKY = List.of(
      "",
      "plain",
      "dataflow:a->b",
      "<script>&amp;='x'</script>",
      "quote \" backslash \\ slash /",
      "escaped backslash before u003e: \\u003e and \\\\u003c",
      allControlCharacters(),
      "del \u007f nbsp \u00a0 soft hyphen \u00ad",
      "line\u2028paragraph\u2029separators",
      "héllo ☃ 日本 \u200b \ufeff \ue000",
      "emoji 😀 and a pair split \ud83d\ude00",
      "lone surrogates \ud800 and \udfff",
      "e\u0301 combining");

  @ParameterizedTest
  @ValueSource(strings = {"completed-flow.json", "minimal-flow.json"})
  void fixtureTracesWriteWhatJsonFormatWrote(String fixture) {
    FlowTrace trace = TraceJson.read(OtlpMappingTest.resource(fixture));

    assertSameAsOracleAndParses(UPSTREAM.toRequest(trace));
    assertSameAsOracleAndParses(EXTENDED.toRequest(trace));
    assertSameAsOracleAndParses(UPSTREAM.toRequest(List.of(trace, trace)));
  }

  @Test
  void sharedFixtureIsStillTheIndependentlyWrittenRequest() {
    String expected = OtlpMappingTest.resource("completed-flow.otlp.json").strip();

    assertThat(OtlpJson.print(UPSTREAM.toRequest(TraceJson.read(OtlpMappingTest.resource("completed-flow.json"))))).isEqualTo(expected);
  }

  @Test
  void trickyStringsEverywhereAMappedTraceHasText() {
    List<TraceEvent> events = new ArrayList<>();
    for (int i = 0; i < TRICKY.size(); i++) {
      String s = TRICKY.get(i);
      Map<String, JsonValue> custom = new LinkedHashMap<>();
      custom.put(s, JsonValue.of(s));
      custom.put("nested " + s, JsonValue.object(Map.of(s, JsonValue.array(JsonValue.of(s), JsonValue.NULL))));
      TraceEventData data = new TraceEventData(s, MessageSnapshot.legacy(s, i, s, new byte[0]), null, s,
          PerformanceMetrics.UNMEASURED, custom);
      TraceEventType type = i % 3 == 0 ? TraceEventType.dataFlow(s, s)
          : i % 3 == 1 ? TraceEventType.Simple.ACTOR_FAILED : TraceEventType.Simple.MESSAGE_SENT;
      events.add(event(i, type, s, data, "2026-03-14T11:00:01.123456789Z"));
    }
    String all = String.join("|", TRICKY);
    FlowTrace trace = withFlowId(OtlpMappingTest.minimal(), all).withEvents(events)
        .withStatus(ExecutionStatus.failed(all), Timestamp.parse("2026-03-14T11:00:02.000000001Z"));

    assertSameAsOracleAndParses(UPSTREAM.toRequest(trace));
    assertSameAsOracleAndParses(EXTENDED.toRequest(trace));
    assertSameAsOracleAndParses(new OtlpMapping(all, new OtlpMapping.Options(false, false, Map.of(all, all)))
        .toRequest(trace));
    assertSameAsOracleAndParses(new OtlpMapping("", new OtlpMapping.Options(false, false, Map.of("", "")))
        .toRequest(withFlowId(trace, "")));
  }

  @Test
  void numbersTimesEmptyValuesAndStatuses() {
    Map<String, JsonValue> custom = new LinkedHashMap<>();
    custom.put("u64 max", new JsonValue.JsonInteger(new BigInteger("18446744073709551615")));
    custom.put("i64 min", JsonValue.of(Long.MIN_VALUE));
    custom.put("i64 max", JsonValue.of(Long.MAX_VALUE));
    custom.put("zero", JsonValue.of(0));
    custom.put("negative", JsonValue.of(-42));
    for (double d : new double[] {0.0, -0.0, 0.1, 1.0, -2.5, 1e20, 1e-7, 123456789.123, Double.MAX_VALUE,
        Double.MIN_VALUE, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
      custom.put("double " + d, JsonValue.of(d));
    }
    custom.put("false", JsonValue.of(false));
    custom.put("empty string", JsonValue.of(""));
    custom.put("empty array", JsonValue.array());
    custom.put("empty object", JsonValue.object(Map.of()));
    custom.put("null", JsonValue.NULL);
    custom.put("", JsonValue.of("empty key"));
    TraceEventData measured = new TraceEventData("", MessageSnapshot.legacy("", -1L, "", new byte[0]), null, "",
        new PerformanceMetrics(Long.MAX_VALUE, -1L, 0.0f, 0L, -0.0), custom);
    FlowTrace trace = OtlpMappingTest.minimal().withEvents(List.of(
        event(1, TraceEventType.Simple.ACTOR_FAILED, "a", measured, "2026-03-14T11:00:01.000000001Z"),
        event(2, TraceEventType.Simple.ACTOR_FAILED, "b", TraceEventData.empty(), "1969-12-31T23:59:59.999999999Z"),
        event(3, TraceEventType.Simple.ACTOR_COMPLETED, "c", TraceEventData.empty(), "2262-04-11T23:47:16.854775807Z"),
        event(4, TraceEventType.Simple.ACTOR_STARTED, "d", TraceEventData.empty(), "2262-04-12T00:00:00Z"),
        event(5, TraceEventType.Simple.ACTOR_STARTED, "e", TraceEventData.empty(), "1970-01-01T00:00:00Z")));

    for (ExecutionStatus status : List.of(ExecutionStatus.COMPLETED, ExecutionStatus.RUNNING, ExecutionStatus.PENDING,
        ExecutionStatus.CANCELLED, ExecutionStatus.failed(""), ExecutionStatus.failed("boom \"x\"\n"))) {
      FlowTrace t = trace.withStatus(status, null);
      assertSameAsOracleAndParses(UPSTREAM.toRequest(t));
      assertSameAsOracleAndParses(EXTENDED.toRequest(t));
    }
    assertSameAsOracleAndParses(UPSTREAM.toRequest(List.of()));
  }

  @Test
  void deeplyNestedValuesAreWrittenLikeJsonFormat() throws InterruptedException {
    // 600 array levels are 1,800 JSON levels, beyond Jackson's default write limit of 1,000;
    // JsonFormat recurses deeper per level than the thread stack of a test allows, so both run on a big one
    Throwable[] failure = new Throwable[1];
    Thread deep = new Thread(null, () -> {
      try {
        assertSameAsOracle(nested(600));
      } catch (Throwable t) {
        failure[0] = t;
      }
    }, "deep", 512L << 20);
    deep.start();
    deep.join();
    if (failure[0] != null) {
      throw new AssertionError(failure[0]);
    }
  }

  private static ExportTraceServiceRequest nested(int levels) {
    AnyValue v = AnyValue.newBuilder().setStringValue("leaf").build();
    for (int i = 0; i < levels; i++) {
      v = AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addValues(v)).build();
    }
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(ScopeSpans.newBuilder()
            .addSpans(Span.newBuilder().addAttributes(KeyValue.newBuilder().setKey("deep").setValue(v)))))
        .build();
  }

  @Test
  void randomMessagesSettingEveryFieldOfEveryMessageType() {
    Random random = new Random(20261201);
    Set<String> set = new HashSet<>();
    for (int i = 0; i < 300; i++) {
      ExportTraceServiceRequest.Builder b = ExportTraceServiceRequest.newBuilder();
      fill(b, random, 0, set);
      assertSameAsOracle(b.build());
    }
    // the generator reached every field, so a field the writer does not know would have shown up above
    Set<String> all = new TreeSet<>();
    allFields(ExportTraceServiceRequest.getDescriptor(), new HashSet<>(), all);
    assertThat(new TreeSet<>(set)).isEqualTo(all);
  }

  private static void assertSameAsOracle(ExportTraceServiceRequest request) {
    String expected = JsonFormatOracle.print(request);
    String actual = OtlpJson.print(request);
    assertThat(actual).isEqualTo(expected);
    // and the bytes on the wire (lone surrogates included, which UTF-8 writes as '?')
    assertThat(actual.getBytes(StandardCharsets.UTF_8)).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
  }

  /** A mapped trace's JSON also parses strictly (JsonFormat's parser stops at 100 levels, -0.0 reads as 0.0). */
  private static void assertSameAsOracleAndParses(ExportTraceServiceRequest request) {
    assertSameAsOracle(request);
    String json = OtlpJson.print(request);
    try {
      assertThat(spanCount(OtlpJson.parse(json))).isEqualTo(spanCount(request));
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError("OtlpJson.parse rejects what print wrote: " + json, e);
    }
  }

  private static int spanCount(ExportTraceServiceRequest request) {
    return request.getResourceSpansList().stream()
        .flatMap(r -> r.getScopeSpansList().stream()).mapToInt(ScopeSpans::getSpansCount).sum();
  }

  /** Deep enough for AnyValue arrays inside a link's attributes: request, resource spans, scope spans, span, link, ... */
  private static final int MAX_DEPTH = 8;

  /** Sets each field at random (often to an edge value, sometimes left at its default). */
  private static void fill(Message.Builder b, Random r, int depth, Set<String> set) {
    Descriptor d = b.getDescriptorForType();
    for (FieldDescriptor f : d.getFields()) {
      if (f.getRealContainingOneof() != null) {
        continue;
      }
      if (f.isRepeated()) {
        int n = depth > MAX_DEPTH ? 0 : r.nextInt(3);
        for (int i = 0; i < n; i++) {
          b.addRepeatedField(f, value(b, f, r, depth, set));
        }
      } else if (r.nextInt(5) > 0) {
        b.setField(f, value(b, f, r, depth, set));
      }
      if (f.isRepeated() ? b.getRepeatedFieldCount(f) > 0 : b.hasField(f)) {
        set.add(f.getFullName());
      }
    }
    for (OneofDescriptor o : d.getRealOneofs()) {
      int pick = r.nextInt(o.getFieldCount() + 1);
      if (pick < o.getFieldCount() && (depth <= MAX_DEPTH || o.getField(pick).getJavaType() != FieldDescriptor.JavaType.MESSAGE)) {
        FieldDescriptor f = o.getField(pick);
        b.setField(f, value(b, f, r, depth, set));
        set.add(f.getFullName());
      }
    }
  }

  private static Object value(Message.Builder b, FieldDescriptor f, Random r, int depth, Set<String> set) {
    return switch (f.getJavaType()) {
      case STRING -> TRICKY.get(r.nextInt(TRICKY.size()));
      case BOOLEAN -> r.nextBoolean();
      case INT -> new int[] {0, 1, -1, 7, Integer.MAX_VALUE, Integer.MIN_VALUE, r.nextInt()}[r.nextInt(7)];
      case LONG -> new long[] {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, 1773486001000000250L, r.nextLong()}[r.nextInt(7)];
      case FLOAT -> r.nextFloat();
      case DOUBLE -> new double[] {0.0, -0.0, 0.5, 1e21, 1e-7, Double.NaN, Double.NEGATIVE_INFINITY,
          Double.POSITIVE_INFINITY, r.nextDouble() * 1e6}[r.nextInt(9)];
      case BYTE_STRING -> {
        byte[] bytes = new byte[new int[] {0, 1, 2, 8, 16, 17}[r.nextInt(6)]];
        r.nextBytes(bytes);
        yield ByteString.copyFrom(bytes);
      }
      case ENUM -> f.getEnumType().findValueByNumberCreatingIfUnknown(new int[] {0, 1, 2, 5, 99, -3}[r.nextInt(6)]);
      case MESSAGE -> {
        Message.Builder child = b.newBuilderForField(f);
        fill(child, r, depth + 1, set);
        yield child.build();
      }
    };
  }

  private static void allFields(Descriptor d, Set<String> seen, Set<String> out) {
    if (!seen.add(d.getFullName())) {
      return;
    }
    for (FieldDescriptor f : d.getFields()) {
      out.add(f.getFullName());
      if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
        allFields(f.getMessageType(), seen, out);
      }
    }
  }

  private static String allControlCharacters() {
    StringBuilder s = new StringBuilder("controls:");
    for (char c = 0; c < 0x20; c++) {
      s.append(c);
    }
    return s.toString();
  }

  private static FlowTrace withFlowId(FlowTrace t, String flowId) {
    return new FlowTrace(t.traceId(), FlowId.of(flowId), t.executionId(), t.version(), t.startTime(), t.endTime(),
        t.status(), t.events(), t.metadata());
  }

  private static TraceEvent event(int n, TraceEventType type, String actor, TraceEventData data, String at) {
    EventId id = EventId.parse(String.format("%08x-2222-4333-8444-555555555555", n));
    EventId parent = n % 2 == 0 ? EventId.parse(String.format("%08x-2222-4333-8444-555555555555", n - 1)) : null;
    return new TraceEvent(id, Timestamp.parse(at), type, actor, data,
        new CausalityInfo(parent, parent != null ? parent : id, List.of(), id.toString()));
  }
}
