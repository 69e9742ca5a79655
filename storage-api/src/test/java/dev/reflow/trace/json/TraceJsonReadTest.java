package dev.reflow.trace.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflow.trace.model.ExecutionStatus;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.MessageSnapshot;
import dev.reflow.trace.model.PerformanceMetrics;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TraceJsonReadTest {
  static final String MINIMAL = Fixtures.text(Fixtures.MINIMAL);

  /** The minimal fixture with one literal substring replaced (must occur). */
  static String minimalWith(String from, String to) {
    assertThat(MINIMAL).contains(from);
    return MINIMAL.replace(from, to);
  }

  static final String EVENT_S_MODEL = "{\"event_id\":\"4df8c920-323d-4df8-8ea7-3dd64a6d71d9\","
      + "\"timestamp\":\"2025-05-01T10:00:00.5Z\",\"event_type\":\"MessageSent\",\"actor_id\":\"a\","
      + "\"data\":{\"port\":\"out\",\"message\":{\"message_type\":\"Integer\",\"size_bytes\":2,"
      + "\"checksum\":\"\",\"serialized_data\":[]},\"state_diff\":null,\"error\":null,"
      + "\"performance_metrics\":{\"execution_time_ns\":0,\"memory_usage_bytes\":0,"
      + "\"cpu_usage_percent\":0.0,\"queue_depth\":0,\"throughput_msgs_per_sec\":0.0},"
      + "\"custom_attributes\":{}},\"causality\":{\"parent_event_id\":null,"
      + "\"root_cause_event_id\":\"4df8c920-323d-4df8-8ea7-3dd64a6d71d9\",\"dependency_chain\":[],"
      + "\"span_id\":\"s\"}}";

  @Test
  @DisplayName("[S]-model input (numeric metrics, four-field snapshot) is read and written as [N]")
  void read_sModelEvent_writtenAsNModel() {
    FlowTrace t = TraceJson.read(minimalWith("\"events\":[]", "\"events\":[" + EVENT_S_MODEL + "]"));
    MessageSnapshot m = t.events().get(0).data().message();
    assertThat(m.contentCodec()).isEqualTo("none");
    assertThat(m.contentFormatVersion()).isZero();
    assertThat(m.storedBytes()).isNull();
    assertThat(t.events().get(0).data().performanceMetrics())
        .isEqualTo(new PerformanceMetrics(0L, 0L, 0.0f, 0L, 0.0));
    String written = TraceJson.write(t);
    assertThat(written).contains("\"message\":{\"message_type\":\"Integer\",\"size_bytes\":2,\"checksum\":\"\","
        + "\"serialized_data\":[],\"content_codec\":\"none\",\"content_format_version\":0,\"stored_bytes\":null}");
    assertThat(written).contains("\"timestamp\":\"2025-05-01T10:00:00.500Z\"");
    assertThat(written).contains("\"performance_metrics\":{\"execution_time_ns\":0,\"memory_usage_bytes\":0,"
        + "\"cpu_usage_percent\":0.0,\"queue_depth\":0,\"throughput_msgs_per_sec\":0.0}");
  }

  @Test
  @DisplayName("performance_metrics fields may be absent ([N] #[serde(default)]) and read as null")
  void read_metricsAbsent_unmeasured() {
    String ev = EVENT_S_MODEL.replaceAll("\"performance_metrics\":\\{[^}]*\\}", "\"performance_metrics\":{}");
    FlowTrace t = TraceJson.read(minimalWith("\"events\":[]", "\"events\":[" + ev + "]"));
    assertThat(t.events().get(0).data().performanceMetrics()).isEqualTo(PerformanceMetrics.UNMEASURED);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "F7E619B9-3D9B-425F-8B88-DD19E7410588",
    "f7e619b93d9b425f8b88dd19e7410588",
    "{f7e619b9-3d9b-425f-8b88-dd19e7410588}",
    "urn:uuid:f7e619b9-3d9b-425f-8b88-dd19e7410588",
    "F7E619B93D9B425F8B88DD19E7410588"})
  @DisplayName("UUIDs in every form the uuid crate parses are written lowercase hyphenated")
  void read_uuidForms_normalised(String form) {
    FlowTrace t = TraceJson.read(minimalWith("\"f7e619b9-3d9b-425f-8b88-dd19e7410588\"", "\"" + form + "\""));
    assertThat(TraceJson.write(t)).isEqualTo(MINIMAL);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "URN:UUID:f7e619b9-3d9b-425f-8b88-dd19e7410588",
    "f7e619b9-3d9b-425f-8b88-dd19e741058",
    "f7e619b9x3d9b-425f-8b88-dd19e7410588",
    "g7e619b9-3d9b-425f-8b88-dd19e7410588",
    "{f7e619b93d9b425f8b88dd19e7410588}",
    ""})
  @DisplayName("UUID text the uuid crate rejects is an error naming the field")
  void read_badUuid_error(String form) {
    assertThatThrownBy(() -> TraceJson.read(minimalWith("\"f7e619b9-3d9b-425f-8b88-dd19e7410588\"", "\"" + form + "\"")))
        .isInstanceOf(TraceFormatException.class)
        .hasMessageStartingWith("1:13: $.trace_id: invalid UUID");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
    "2026-03-14T11:00:00+02:00|2026-03-14T09:00:00Z",
    "2026-03-14T11:00:00.25-01:30|2026-03-14T12:30:00.250Z",
    "2026-03-14t09:00:00z|2026-03-14T09:00:00Z",
    "2026-03-14 09:00:00Z|2026-03-14T09:00:00Z",
    "2026-03-14T09:00:00.1234567891234Z|2026-03-14T09:00:00.123456789Z",
    "2026-03-14T09:00:00.100000Z|2026-03-14T09:00:00.100Z",
    "2026-03-14T09:00:00UTC|2026-03-14T09:00:00Z",
    "2026-03-14T09:00:00 +0200|2026-03-14T07:00:00Z",
    "2026-03-14T09:00:00+02|2026-03-14T07:00:00Z",
    "2026-3-4T9:0:0Z|2026-03-04T09:00:00Z",
    "2016-12-31T23:59:60.5Z|2016-12-31T23:59:60.500Z",
    "2017-01-01T01:59:60Z|2017-01-01T01:59:60Z",
    "2017-01-01T01:59:60+02:00|2016-12-31T23:59:60Z",
    "+10000-01-01T00:00:00Z|+10000-01-01T00:00:00Z",
    "-0001-12-31T23:59:59.999Z|-0001-12-31T23:59:59.999Z",
    "0000-01-01T00:00:00Z|0000-01-01T00:00:00Z",
    "9999-12-31T23:59:59Z|9999-12-31T23:59:59Z",
    "+262142-12-31T23:59:59Z|+262142-12-31T23:59:59Z",
    "-262143-01-01T00:00:00Z|-262143-01-01T00:00:00Z",
    "2024-02-29T00:00:00Z|2024-02-29T00:00:00Z",
    "2026-03-14T09:00:00.000000001Z|2026-03-14T09:00:00.000000001Z",
  })
  @DisplayName("timestamps are read as chrono reads them and written in UTC with AutoSi digits")
  void read_timestampForms_normalised(String input, String written) {
    FlowTrace t = TraceJson.read(minimalWith("2026-03-14T11:00:00.000001500Z", input));
    assertThat(TraceJson.write(t)).isEqualTo(MINIMAL.replace("2026-03-14T11:00:00.000001500Z", written));
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "yesterday",
    "2026-03-14",
    "2026-03-14T09:00:00",
    "2026-03-14T09:00Z",
    "2026-03-14T24:00:00Z",
    "2026-03-14T09:60:00Z",
    "2026-03-14T09:00:61Z",
    "2026-02-29T00:00:00Z",
    "2026-13-01T00:00:00Z",
    "2026-03-14T09:00:00.Z",
    "2026-03-14T09:00:00+24:00",
    "2026-03-14T09:00:00+02:60",
    "2026-03-14T09:00:00+2",
    "2026-03-14X09:00:00Z",
    "2026-03-14T09:00:00Zjunk",
    "20260-03-14T09:00:00Z",
    "+262143-01-01T00:00:00Z",
    "2026-03-14T09:00:00.5.5Z",
  })
  @DisplayName("timestamps chrono rejects are errors with position and path")
  void read_badTimestamp_error(String input) {
    String json = minimalWith("2026-03-14T11:00:00.000001500Z", input);
    int column = json.indexOf("\"start_time\"") + "\"start_time\":".length() + 1;
    assertThatThrownBy(() -> TraceJson.read(json))
        .isInstanceOf(TraceFormatException.class)
        .hasMessage("1:" + column + ": $.start_time: expected RFC 3339 timestamp, got \"" + input + "\"");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "\"flow_id\":\"hello_world\",|''|missing field `flow_id`",
    "\"status\":\"Running\"|\"status\":\"running\"|unknown variant `running`, expected one of `Pending`, `Running`, `Completed`, `Failed`, `Cancelled`",
    "\"status\":\"Running\"|\"status\":\"Failed\"|invalid type: unit variant, expected struct variant ExecutionStatus::Failed",
    "\"status\":\"Running\"|\"status\":{\"Failed\":\"x\"}|invalid type: string \"x\", expected struct variant ExecutionStatus::Failed",
    "\"process_id\":1|\"process_id\":1.5|invalid type: floating point `1.5`, expected u32",
    "\"process_id\":1|\"process_id\":4294967296|invalid value: integer `4294967296`, expected u32",
    "\"process_id\":1|\"process_id\":-1|invalid value: integer `-1`, expected u32",
    "\"process_id\":1|\"process_id\":-0|invalid type: floating point `-0.0`, expected u32",
    "\"process_id\":1|\"process_id\":\"1\"|invalid type: string \"1\", expected u32",
    "\"major\":0|\"major\":0,\"major\":1|duplicate field `major`",
    "\"events\":[]|\"events\":null|invalid type: null, expected a sequence",
    "\"tags\":{}|\"tags\":{\"k\":1}|invalid type: integer `1`, expected a string",
  })
  @DisplayName("serde-derive errors are reported with line, column and path")
  void read_invalidTrace_errorNamesPlace(String from, String to, String reason) {
    String json = minimalWith(from, to);
    assertThatThrownBy(() -> TraceJson.read(json))
        .isInstanceOf(TraceFormatException.class)
        .satisfies(e -> {
          TraceFormatException f = (TraceFormatException) e;
          assertThat(f.line()).as("line of %s", json).isEqualTo(1);
          assertThat(f.column()).as("column").isPositive();
          assertThat(f.path()).as("path").startsWith("$");
          assertThat(f.reason()).isEqualTo(reason);
        });
  }

  @Test
  @DisplayName("error positions and paths point into nested events on later lines")
  void read_errorInNestedEvent_positionAndPath() {
    String pretty = minimalWith("\"events\":[]", "\"events\":[\n" + EVENT_S_MODEL + ",\n"
        + EVENT_S_MODEL.replace("\"timestamp\":\"2025-05-01T10:00:00.5Z\"", "\"timestamp\":\"yesterday\"") + "]");
    assertThatThrownBy(() -> TraceJson.read(pretty))
        .isInstanceOf(TraceFormatException.class)
        .hasMessage("3:64: $.events[1].timestamp: expected RFC 3339 timestamp, got \"yesterday\"");
    String badByte = minimalWith("\"events\":[]", "\"events\":[" + EVENT_S_MODEL.replace("\"serialized_data\":[]", "\"serialized_data\":[1,256]") + "]");
    assertThatThrownBy(() -> TraceJson.read(badByte))
        .hasMessageContaining("$.events[0].data.message.serialized_data[1]: invalid value: integer `256`, expected u8");
    String missing = minimalWith("\"events\":[]", "\"events\":[" + EVENT_S_MODEL.replace("\"actor_id\":\"a\",", "") + "]");
    assertThatThrownBy(() -> TraceJson.read(missing))
        .hasMessageContaining("$.events[0]: missing field `actor_id`");
  }

  @Test
  @DisplayName("unknown keys are ignored at every level, and unit variants may be {\"V\":null}")
  void read_unknownKeysAndMapUnitVariant_accepted() {
    String json = minimalWith("\"status\":\"Running\"", "\"status\":{\"Running\":null},\"future\":{\"a\":[1,{\"b\":2}]}")
        .replace("\"tags\":{}", "\"tags\":{},\"extra\":true");
    assertThat(TraceJson.write(TraceJson.read(json))).isEqualTo(MINIMAL);
  }

  @Test
  @DisplayName("structs in serde's sequence form are accepted, as serde derive does")
  void read_structAsSequence_accepted() {
    String json = minimalWith("{\"major\":0,\"minor\":0,\"patch\":0,\"git_hash\":null,\"timestamp\":\"2026-03-14T11:00:00.000001Z\"}",
        "[0,0,0,null,\"2026-03-14T11:00:00.000001Z\"]");
    assertThat(TraceJson.write(TraceJson.read(json))).isEqualTo(MINIMAL);
    assertThatThrownBy(() -> TraceJson.read(minimalWith("{\"major\":0,\"minor\":0,\"patch\":0,\"git_hash\":null,\"timestamp\":\"2026-03-14T11:00:00.000001Z\"}", "[0,0,0,null]")))
        .hasMessageContaining("invalid length 4, expected struct FlowVersion with 5 elements");
  }

  @Test
  @DisplayName("trailing content after one trace, invalid UTF-8 and lone surrogates are errors")
  void read_trailingGarbageOrBadText_error() {
    assertThatThrownBy(() -> TraceJson.read(MINIMAL + " {}"))
        .isInstanceOf(TraceFormatException.class).hasMessageContaining("trailing characters");
    assertThat(TraceJson.read(MINIMAL + " \n\t\r\n")).isNotNull();
    byte[] bytes = minimalWith("hello_world", "hello\u00e9world").getBytes(StandardCharsets.UTF_8);
    int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf('\u00c3');
    byte[] overlong = bytes.clone();
    overlong[at] = (byte) 0xc0;
    overlong[at + 1] = (byte) 0x80;
    assertThatThrownBy(() -> TraceJson.read(overlong))
        .isInstanceOf(TraceFormatException.class).hasMessage("1:" + (at + 1) + ": invalid UTF-8 (byte 0xc0)");
    assertThatThrownBy(() -> TraceJson.read(minimalWith("hello_world", "a\\ud800b")))
        .isInstanceOf(TraceFormatException.class).hasMessageContaining("$.flow_id: lone surrogate U+D800");
    assertThat(TraceJson.read(minimalWith("hello_world", "\\ud83d\\ude00")).flowId().value()).isEqualTo("\ud83d\ude00");
  }

  @Test
  @DisplayName("JSON nested deeper than serde_json's recursion limit is rejected")
  void read_deepNesting_rejected() {
    String ev = EVENT_S_MODEL.replace("\"custom_attributes\":{}", "\"custom_attributes\":{\"d\":" + "[".repeat(200) + "]".repeat(200) + "}");
    assertThatThrownBy(() -> TraceJson.read(minimalWith("\"events\":[]", "\"events\":[" + ev + "]")))
        .isInstanceOf(TraceFormatException.class).hasMessageContaining("recursion limit exceeded");
    String ok = EVENT_S_MODEL.replace("\"custom_attributes\":{}", "\"custom_attributes\":{\"d\":" + "[".repeat(100) + "]".repeat(100) + "}");
    assertThat(TraceJson.read(minimalWith("\"events\":[]", "\"events\":[" + ok + "]"))).isNotNull();
  }

  @Test
  @DisplayName("Failed status with its error round-trips, and usize fields keep u64 max")
  void read_failedStatusAndU64Max_roundTrip() {
    String json = minimalWith("\"status\":\"Running\"", "\"status\":{\"Failed\":{\"error\":\"boom \\\"x\\\"\"}}")
        .replace("\"events\":[]", "\"events\":[" + EVENT_S_MODEL.replace("\"size_bytes\":2", "\"size_bytes\":18446744073709551615") + "]");
    FlowTrace t = TraceJson.read(json);
    assertThat(t.status()).isEqualTo(ExecutionStatus.failed("boom \"x\""));
    assertThat(t.events().get(0).data().message().sizeBytes()).isEqualTo(-1L);
    assertThat(TraceJson.write(t)).contains("\"size_bytes\":18446744073709551615,")
        .contains("\"status\":{\"Failed\":{\"error\":\"boom \\\"x\\\"\"}}");
    assertThatThrownBy(() -> TraceJson.read(json.replace("18446744073709551615", "18446744073709551616")))
        .hasMessageContaining("expected u64");
  }
}
