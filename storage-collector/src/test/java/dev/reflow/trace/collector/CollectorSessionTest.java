package dev.reflow.trace.collector;

import static dev.reflow.trace.collector.CollectorHarness.parse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.luben.zstd.Zstd;
import dev.reflow.trace.model.ExecutionStatus;
import dev.reflow.trace.model.FlowTrace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole Reflow-style session against the collector over a real WebSocket, on SQLite and memory. */
class CollectorSessionTest {
  @TempDir
  Path dir;

  @Test
  @DisplayName("SQLite: StartTrace, RecordEvent, in-flight GetTrace/QueryTraces, EndTrace; the trace is stored with its events")
  void wholeSession_sqlite_traceStored() throws Exception {
    try (CollectorHarness h = CollectorHarness.start(CollectorHarness.sqlite(dir), CollectorConfig.builder().journal(false));
        WsClient c = h.client()) {
      wholeSession(h, c);
    }
  }

  @Test
  @DisplayName("Memory, journal on: the same session; every acknowledgement after the journal's fsync")
  void wholeSession_memoryWithJournal_traceStored() throws Exception {
    try (CollectorHarness h = CollectorHarness.start(CollectorHarness.memory(),
            CollectorConfig.builder().journal(true).journalPath(dir.resolve("journal")));
        WsClient c = h.client()) {
      wholeSession(h, c);
    }
  }

  static void wholeSession(CollectorHarness h, WsClient c) throws Exception {
    String id = UUID.randomUUID().toString();
    assertThat(c.request(Requests.start(id, "orders"))).isEqualTo("{\"TraceStarted\":{\"trace_id\":\"" + id + "\"}}");
    for (int i = 0; i < 3; i++) {
      assertThat(c.request(Requests.record(id, "actor-" + i))).isEqualTo(Requests.OK);
    }
    c.send(Requests.get(id));
    WsClient.Message data = c.next();
    assertThat(data.binary()).as("a reply over 1,024 bytes comes as a zstd Binary frame").isTrue();
    JsonNode trace = parse(data.json()).get("TraceData").get("trace");
    assertThat(trace.get("status").asText()).isEqualTo("Running");
    assertThat(trace.get("events")).hasSize(3);
    assertThat(trace.get("end_time").isNull()).isTrue();

    JsonNode results = parse(c.request(Requests.query("{\"flow_id\":\"orders\",\"actor_filter\":\"tor-1\"}"))).get("QueryResults");
    assertThat(results.get("total_count").asLong()).as("in-flight trace found by actor substring").isEqualTo(1);
    assertThat(results.get("traces").get(0).get("trace_id").asText()).isEqualTo(id);

    assertThat(c.request(Requests.end(id, "{\"Failed\":{\"error\":\"boom\"}}"))).isEqualTo(Requests.OK);
    FlowTrace stored = h.awaitStored(id);
    assertThat(stored.status()).isEqualTo(ExecutionStatus.failed("boom"));
    assertThat(stored.events()).hasSize(3);
    assertThat(stored.flowId().value()).isEqualTo("orders");

    JsonNode after = parse(c.request(Requests.query("{\"flow_id\":\"orders\"}"))).get("QueryResults");
    assertThat(after.get("total_count").asLong()).as("stored once, not also in flight").isEqualTo(1);
    assertThat(c.request("\"Ping\"")).isEqualTo("\"Pong\"");
  }

  @Test
  @DisplayName("Invalid text gets an InvalidRequest error naming what was wrong, and the connection stays open")
  void invalidText_errorNamesProblem_connectionStaysOpen() throws Exception {
    try (CollectorHarness h = CollectorHarness.start(CollectorHarness.memory(), CollectorConfig.builder().journal(false));
        WsClient c = h.client()) {
      JsonNode err = parse(c.request("{\"EndTrace\":{\"trace_id\":\"" + UUID.randomUUID() + "\"}}")).get("Error");
      assertThat(err.get("code").asText()).isEqualTo("InvalidRequest");
      assertThat(err.get("message").asText()).contains("EndTrace: missing field `status`");
      assertThat(parse(c.request("not json")).get("Error").get("code").asText()).isEqualTo("InvalidRequest");
      assertThat(c.request("\"Ping\"")).isEqualTo("\"Pong\"");
      c.ping("hb");
      assertThat(c.next().json()).as("a WebSocket Ping gets a Pong with its payload").isEqualTo("PONG-FRAME:hb");
    }
  }

  @Test
  @DisplayName("Binary requests, zstd-compressed or plain, are answered on their own connection")
  void binaryRequests_zstdAndPlain() throws Exception {
    try (CollectorHarness h = CollectorHarness.start(CollectorHarness.memory(), CollectorConfig.builder().journal(false));
        WsClient c = h.client()) {
      String id = UUID.randomUUID().toString();
      c.sendBinary(Zstd.compress(Requests.start(id, "bin").getBytes(StandardCharsets.UTF_8), 3));
      assertThat(c.next().json()).isEqualTo("{\"TraceStarted\":{\"trace_id\":\"" + id + "\"}}");
      c.sendBinary(Requests.record(id, "a").getBytes(StandardCharsets.UTF_8));
      assertThat(c.next().json()).isEqualTo(Requests.OK);
      c.abort();
      h.awaitStored(id);
      assertThat(h.storage.get(dev.reflow.trace.model.TraceId.parse(id)).orElseThrow().status())
          .as("a trace started over Binary belongs to its connection and is finalized when it closes")
          .isEqualTo(ExecutionStatus.failed("connection closed before EndTrace"));
    }
  }

  @Test
  @DisplayName("Replies come in request order even when storage work and in-memory work interleave")
  void pipelinedRequests_answeredInOrder() throws Exception {
    try (CollectorHarness h = CollectorHarness.start(CollectorHarness.memory(), CollectorConfig.builder().journal(false));
        WsClient c = h.client()) {
      String id = UUID.randomUUID().toString();
      c.send(Requests.start(id, "order"));
      for (int i = 0; i < 50; i++) {
        c.send(Requests.get(id));
        c.send("\"Ping\"");
      }
      assertThat(c.next().json()).startsWith("{\"TraceStarted\"");
      for (int i = 0; i < 50; i++) {
        assertThat(c.next().json()).startsWith("{\"TraceData\"");
        assertThat(c.next().json()).isEqualTo("\"Pong\"");
      }
    }
  }
}
