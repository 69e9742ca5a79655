package dev.reflow.trace.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflow.trace.model.CausalityInfo;
import dev.reflow.trace.model.EventId;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.JsonValue;
import dev.reflow.trace.model.PerformanceMetrics;
import dev.reflow.trace.model.StateDiff;
import dev.reflow.trace.model.StateDiffType;
import dev.reflow.trace.model.Timestamp;
import dev.reflow.trace.model.TraceEvent;
import dev.reflow.trace.model.TraceEventData;
import dev.reflow.trace.model.TraceEventType;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TraceJsonWriteTest {
  static final FlowTrace MINIMAL = TraceJson.read(Fixtures.bytes(Fixtures.MINIMAL));
  static final EventId ID = EventId.parse("4df8c920-323d-4df8-8ea7-3dd64a6d71d9");

  static TraceEvent event(TraceEventData data) {
    return new TraceEvent(ID, new Timestamp(1_773_480_000L, 0), TraceEventType.Simple.STATE_CHANGED, "actor",
        data, new CausalityInfo(null, ID, List.of(ID), "span"));
  }

  static String dataJson(FlowTrace t) {
    String s = TraceJson.write(t);
    return s.substring(s.indexOf("\"data\":") + 7, s.indexOf(",\"causality\""));
  }

  @Test
  @DisplayName("strings are escaped exactly as serde_json escapes them")
  void write_strings_serdeEscapes() {
    String raw = "q\" b\\ \b\f\n\r\t \u0000\u0001\u001b\u001f / \u007f \u2028 \u00e9 \ud83d\ude00";
    FlowTrace t = MINIMAL.withEvents(List.of(event(new TraceEventData(raw, null, null, null, null, Map.of()))));
    String expected = "q\\\" b\\\\ \\b\\f\\n\\r\\t \\u0000\\u0001\\u001b\\u001f / \u007f \u2028 \u00e9 \ud83d\ude00";
    byte[] bytes = TraceJson.writeBytes(t);
    assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"port\":\"" + expected + "\"");
    assertThat(TraceJson.read(bytes).events().get(0).data().port()).isEqualTo(raw);
    assertThat(TraceJson.read(bytes)).isEqualTo(t);
  }

  @Test
  @DisplayName("a lone surrogate cannot be written as UTF-8 and is refused, not replaced")
  void write_loneSurrogate_refused() {
    FlowTrace t = MINIMAL.withEvents(List.of(event(new TraceEventData("a\ud800", null, null, null, null, Map.of()))));
    assertThatThrownBy(() -> TraceJson.write(t)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unpaired surrogate U+D800");
  }

  @Test
  @DisplayName("metrics: f32 shortest digits, f64 ryu layout, NaN/Inf as null, u64 max unsigned")
  void write_metrics_serdeNumbers() {
    PerformanceMetrics m = new PerformanceMetrics(-1L, 0L, 0.3f, Long.MAX_VALUE, 1e16);
    FlowTrace t = MINIMAL.withEvents(List.of(event(new TraceEventData(null, null, null, null, m, Map.of()))));
    assertThat(dataJson(t)).contains("\"performance_metrics\":{\"execution_time_ns\":18446744073709551615,"
        + "\"memory_usage_bytes\":0,\"cpu_usage_percent\":0.3,\"queue_depth\":9223372036854775807,"
        + "\"throughput_msgs_per_sec\":1e16}");
    PerformanceMetrics nan = new PerformanceMetrics(null, null, Float.NaN, null, Double.NEGATIVE_INFINITY);
    FlowTrace n = MINIMAL.withEvents(List.of(event(new TraceEventData(null, null, null, null, nan, Map.of()))));
    assertThat(dataJson(n)).contains("\"cpu_usage_percent\":null,\"queue_depth\":null,\"throughput_msgs_per_sec\":null}");
    PerformanceMetrics small = new PerformanceMetrics(null, null, -0.0f, null, 5e-324);
    FlowTrace s = MINIMAL.withEvents(List.of(event(new TraceEventData(null, null, null, null, small, Map.of()))));
    assertThat(dataJson(s)).contains("\"cpu_usage_percent\":-0.0,\"queue_depth\":null,\"throughput_msgs_per_sec\":5e-324}");
    assertThat(TraceJson.read(TraceJson.write(s))).isEqualTo(s);
  }

  @Test
  @DisplayName("state diffs and custom attributes are written in order, with exact big integers")
  void write_stateDiffAndAttributes_exact() {
    Map<String, JsonValue> attrs = new LinkedHashMap<>();
    attrs.put("z", new JsonValue.JsonInteger(new BigInteger("18446744073709551615")));
    attrs.put("a", new JsonValue.JsonInteger(BigInteger.valueOf(Long.MIN_VALUE)));
    attrs.put("m", JsonValue.array(JsonValue.of(1.0), JsonValue.of(-0.0), JsonValue.of(Double.NaN), JsonValue.NULL,
        JsonValue.TRUE, JsonValue.of("s")));
    StateDiff diff = new StateDiff(null, new byte[] {0, (byte) 255, 7}, StateDiffType.MEMORY_ONLY);
    FlowTrace t = MINIMAL.withEvents(List.of(event(new TraceEventData(null, null, diff, "e", null, attrs))));
    assertThat(dataJson(t)).isEqualTo("{\"port\":null,\"message\":null,\"state_diff\":{\"before\":null,"
        + "\"after\":[0,255,7],\"diff_type\":\"MemoryOnly\"},\"error\":\"e\",\"performance_metrics\":"
        + "{\"execution_time_ns\":null,\"memory_usage_bytes\":null,\"cpu_usage_percent\":null,\"queue_depth\":null,"
        + "\"throughput_msgs_per_sec\":null},\"custom_attributes\":{\"z\":18446744073709551615,"
        + "\"a\":-9223372036854775808,\"m\":[1.0,-0.0,null,null,true,\"s\"]}}");
  }

  @Test
  @DisplayName("write(trace, stream) writes the same bytes as writeBytes")
  void write_toStream_sameBytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TraceJson.write(MINIMAL, out);
    assertThat(out.toByteArray()).isEqualTo(Fixtures.bytes(Fixtures.MINIMAL));
  }

  @Test
  @DisplayName("readValue/writeValue follow serde_json::Value: exact integers, -0 as float, last duplicate wins")
  void value_serdeSemantics() {
    assertThat(TraceJson.writeValue(TraceJson.readValue(
        "{\"b\":1,\"a\":[18446744073709551615,-9223372036854775808,18446744073709551616,-0,0,1.50,1E2,1e-7],\"b\":2}")))
        .isEqualTo("{\"b\":2,\"a\":[18446744073709551615,-9223372036854775808,1.8446744073709552e19,-0.0,0,1.5,100.0,1e-7]}");
    assertThat(TraceJson.readValue("-0")).isEqualTo(new JsonValue.JsonFloat(-0.0));
    assertThat(TraceJson.readValue("9007199254740993"))
        .isEqualTo(new JsonValue.JsonInteger(BigInteger.valueOf(9007199254740993L)));
    assertThat(TraceJson.writeValueBytes(TraceJson.readValue(" \"\\u00e9\\n\" ".getBytes(StandardCharsets.UTF_8))))
        .isEqualTo("\"\u00e9\\n\"".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> TraceJson.readValue("1e400")).isInstanceOf(TraceFormatException.class)
        .hasMessageContaining("number out of range");
    assertThatThrownBy(() -> TraceJson.readValue("[1,]")).isInstanceOf(TraceFormatException.class);
    assertThatThrownBy(() -> TraceJson.readValue("NaN")).isInstanceOf(TraceFormatException.class);
    assertThatThrownBy(() -> TraceJson.readValue("01")).isInstanceOf(TraceFormatException.class);
    assertThatThrownBy(() -> TraceJson.readValue("{} x")).isInstanceOf(TraceFormatException.class)
        .hasMessageContaining("trailing characters");
  }
}
