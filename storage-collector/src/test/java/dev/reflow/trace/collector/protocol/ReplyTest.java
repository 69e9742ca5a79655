package dev.reflow.trace.collector.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflow.trace.json.TraceJson;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.TraceId;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Every reply shape, compared with the JSON serde_json writes for it (written by hand from the spec). */
class ReplyTest {
  private static final TraceId TRACE = TraceId.parse("6f1c2d3e-4a5b-4c6d-8e7f-90a1b2c38a11");
  private static final UUID REQUEST = UUID.fromString("1d0e2f3a-4b5c-4d6e-8f70-8192a3b4eeff");

  @Test
  @DisplayName("Acknowledgements: TraceStarted, EventRecorded (success and failure), Pong, TraceStored")
  void acknowledgements() {
    assertJson(new Reply.TraceStarted(TRACE), "{\"TraceStarted\":{\"trace_id\":\"6f1c2d3e-4a5b-4c6d-8e7f-90a1b2c38a11\"}}");
    assertJson(Reply.EventRecorded.OK, "{\"EventRecorded\":{\"success\":true,\"error\":null}}");
    assertJson(Reply.EventRecorded.failure("trace \"x\" ended"),
        "{\"EventRecorded\":{\"success\":false,\"error\":\"trace \\\"x\\\" ended\"}}");
    assertJson(Reply.Pong.INSTANCE, "\"Pong\"");
    assertJson(new Reply.TraceStored(TRACE), "{\"TraceStored\":{\"trace_id\":\"6f1c2d3e-4a5b-4c6d-8e7f-90a1b2c38a11\"}}");
  }

  @Test
  @DisplayName("TraceData with a trace and with null; QueryResults with traces and total_count")
  void dataReplies() {
    String trace = ProtocolFixtures.text(ProtocolFixtures.MINIMAL);
    assertJson(new Reply.TraceData(REQUEST, trace.getBytes(StandardCharsets.UTF_8)),
        "{\"TraceData\":{\"request_id\":\"1d0e2f3a-4b5c-4d6e-8f70-8192a3b4eeff\",\"trace\":" + trace + "}}");
    assertJson(new Reply.TraceData(REQUEST, null),
        "{\"TraceData\":{\"request_id\":\"1d0e2f3a-4b5c-4d6e-8f70-8192a3b4eeff\",\"trace\":null}}");
    byte[] t = trace.getBytes(StandardCharsets.UTF_8);
    assertJson(new Reply.QueryResults(REQUEST, List.of(t, t), 7),
        "{\"QueryResults\":{\"request_id\":\"1d0e2f3a-4b5c-4d6e-8f70-8192a3b4eeff\",\"traces\":[" + trace + "," + trace
            + "],\"total_count\":7}}");
    assertJson(new Reply.QueryResults(REQUEST, List.of(), 0),
        "{\"QueryResults\":{\"request_id\":\"1d0e2f3a-4b5c-4d6e-8f70-8192a3b4eeff\",\"traces\":[],\"total_count\":0}}");
  }

  @Test
  @DisplayName("FlowVersions, EventNotification, Error (with code and legacy without), Metrics with sorted keys")
  void otherReplies() {
    FlowTrace trace = TraceJson.read(ProtocolFixtures.text(ProtocolFixtures.MINIMAL));
    assertJson(new Reply.FlowVersions(List.of(trace.version())),
        "{\"FlowVersions\":{\"versions\":[" + TraceJson.writeVersion(trace.version()) + "]}}");
    assertJson(new Reply.EventNotification(TRACE, ProtocolFixtures.EVENT.getBytes(StandardCharsets.UTF_8)),
        "{\"EventNotification\":{\"trace_id\":\"6f1c2d3e-4a5b-4c6d-8e7f-90a1b2c38a11\",\"event\":" + ProtocolFixtures.EVENT + "}}");
    assertJson(new Reply.Error("bad\nline", ErrorCode.InvalidRequest),
        "{\"Error\":{\"message\":\"bad\\nline\",\"code\":\"InvalidRequest\"}}");
    assertJson(new Reply.Error("Invalid message format", null), "{\"Error\":{\"message\":\"Invalid message format\"}}");
    assertJson(new Reply.Metrics(new TreeMap<>(Map.of("traces_stored", 2L, "connections_active", 1L, "errors_total", 0L))),
        "{\"Metrics\":{\"data\":{\"connections_active\":1,\"errors_total\":0,\"traces_stored\":2}}}");
  }

  private static void assertJson(Reply reply, String expected) {
    assertThat(new String(reply.toJson(), StandardCharsets.UTF_8)).as(reply.getClass().getSimpleName()).isEqualTo(expected);
  }
}
