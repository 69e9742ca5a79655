package dev.reflow.trace.collector;

import static dev.reflow.trace.collector.CollectorHarness.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reflow.trace.json.TraceJson;
import dev.reflow.trace.model.ExecutionStatus;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.TraceId;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Upstream's semantics with its flaws fixed: disconnects, idle traces, limits, auth, subscriptions, reads. */
class CollectorBehaviourTest {
  @TempDir
  Path dir;

  private CollectorHarness memory(CollectorConfig.Builder b) {
    return CollectorHarness.start(CollectorHarness.memory(), b.journal(false));
  }

  @Test
  @DisplayName("on_disconnect=failed (default): a connection closed before EndTrace leaves its trace Failed, with its events")
  void disconnect_failedByDefault() throws Exception {
    try (CollectorHarness h = memory(CollectorConfig.builder())) {
      String id = UUID.randomUUID().toString();
      WsClient c = h.client();
      c.request(Requests.start(id, "f"));
      c.request(Requests.record(id, "a"));
      c.close();
      FlowTrace t = h.awaitStored(id);
      assertThat(t.status()).isEqualTo(ExecutionStatus.failed("connection closed before EndTrace"));
      assertThat(t.events()).hasSize(1);
      assertThat(h.finalized).extracting(FlowTrace::traceId).as("the finalization listener saw it").contains(TraceId.parse(id));
    }
  }

  @Test
  @DisplayName("on_disconnect=completed is upstream's behaviour; keep leaves the trace in flight for a reconnecting client")
  void disconnect_completedAndKeep() throws Exception {
    try (CollectorHarness h = memory(CollectorConfig.builder().onDisconnect(OnDisconnect.COMPLETED))) {
      String id = UUID.randomUUID().toString();
      WsClient c = h.client();
      c.request(Requests.start(id, "f"));
      c.abort();
      assertThat(h.awaitStored(id).status()).isEqualTo(ExecutionStatus.COMPLETED);
    }
    try (CollectorHarness h = memory(CollectorConfig.builder().onDisconnect(OnDisconnect.KEEP))) {
      String id = UUID.randomUUID().toString();
      WsClient c = h.client();
      c.request(Requests.start(id, "f"));
      c.request(Requests.record(id, "a"));
      c.close();
      Thread.sleep(300);
      assertThat(h.collector.inFlight()).as("kept in flight").isEqualTo(1);
      try (WsClient again = h.client()) {
        assertThat(again.request(Requests.record(id, "b"))).isEqualTo(Requests.OK);
        assertThat(again.request(Requests.end(id, "\"Completed\""))).isEqualTo(Requests.OK);
      }
      FlowTrace t = h.awaitStored(id);
      assertThat(t.events()).extracting(e -> e.actorId()).containsExactly("a", "b");
    }
  }

  @Test
  @DisplayName("idle_timeout: an in-flight trace with no event for that long is finalized as on disconnect")
  void idleTimeout_finalizesTrace() throws Exception {
    try (CollectorHarness h = memory(CollectorConfig.builder().idleTimeout(Duration.ofMillis(400)));
        WsClient c = h.client()) {
      String id = UUID.randomUUID().toString();
      c.request(Requests.start(id, "f"));
      FlowTrace t = h.awaitStored(id);
      assertThat(t.status()).isEqualTo(ExecutionStatus.failed("no event for 400ms (server.idle_timeout) before EndTrace"));
      // Upstream would start a shadow trace "unknown" that replaces nothing and lives forever; here
      // the late event goes to the stored trace once the idle timeout finalizes it again.
      assertThat(c.request(Requests.record(id, "late"))).isEqualTo(Requests.OK);
      long deadline = System.nanoTime() + 10_000_000_000L;
      FlowTrace merged = h.storage.get(TraceId.parse(id)).orElseThrow();
      while (merged.events().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(50);
        merged = h.storage.get(TraceId.parse(id)).orElseThrow();
      }
      assertThat(merged.events()).extracting(e -> e.actorId()).containsExactly("late");
      assertThat(merged.flowId().value()).as("the stored trace kept, not replaced by a shadow").isEqualTo("f");
    }
  }

  @Test
  @DisplayName("A second StartTrace for an in-flight id keeps its events and updates flow and version")
  void secondStart_keepsEvents() throws Exception {
    try (CollectorHarness h = memory(CollectorConfig.builder()); WsClient c = h.client()) {
      String id = UUID.randomUUID().toString();
      c.request(Requests.start(id, "first"));
      c.request(Requests.record(id, "a"));
      c.request(Requests.start(id, "second"));
      c.request(Requests.end(id, "\"Completed\""));
      FlowTrace t = h.awaitStored(id);
      assertThat(t.flowId().value()).isEqualTo("second");
      assertThat(t.events()).hasSize(1);
    }
  }

  @Test
  @DisplayName("max_in_flight_bytes: a request over the limit gets an InternalError saying so; accepted events are kept")
  void memoryLimit_refusesWithError_keepsAccepted() throws Exception {
    try (CollectorHarness h = memory(CollectorConfig.builder().maxInFlightBytes(4096)); WsClient c = h.client()) {
      String id = UUID.randomUUID().toString();
      c.request(Requests.start(id, "f"));
      int accepted = 0;
      JsonNode refusal = null;
      for (int i = 0; i < 20 && refusal == null; i++) {
        String reply = c.request(Requests.record(id, "a" + i));
        if (reply.equals(Requests.OK)) {
          accepted++;
        } else {
          refusal = parse(reply).get("Error");
        }
      }
      assertThat(refusal).as("a refusal within 20 events of ~1 KB under a 4 KiB bound").isNotNull();
      assertThat(refusal.get("code").asText()).isEqualTo("InternalError");
      assertThat(refusal.get("message").asText()).contains("server.max_in_flight_bytes=4096");
      assertThat(c.request("\"Ping\"")).isEqualTo("\"Pong\"");
      c.request(Requests.end(id, "\"Completed\""));
      assertThat(h.awaitStored(id).events()).hasSize(accepted);
      assertThat(c.request(Requests.start(UUID.randomUUID().toString(), "g")))
          .as("storing released the memory").startsWith("{\"TraceStarted\"");
    }
  }

  @Test
  @DisplayName("auth_token: no or a wrong token is refused with HTTP 401; Bearer header or ?token= is admitted")
  void authToken_bearerOrQueryParameter() throws Exception {
    try (CollectorHarness h = memory(CollectorConfig.builder().authToken("s3cret"))) {
      assertThatThrownBy(() -> WsClient.connect(h.url() + "/"))
          .isInstanceOf(CompletionException.class)
          .hasCauseInstanceOf(WebSocketHandshakeException.class)
          .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode()).isEqualTo(401));
      assertThatThrownBy(() -> WsClient.connect(h.url() + "/?token=wrong")).hasCauseInstanceOf(WebSocketHandshakeException.class);
      try (WsClient c = WsClient.connect(h.url() + "/?token=s3cret")) {
        assertThat(c.request("\"Ping\"")).isEqualTo("\"Pong\"");
      }
      try (WsClient c = WsClient.connect(h.url() + "/traces", Map.of("Authorization", "Bearer s3cret"))) {
        assertThat(c.request("\"Ping\"")).isEqualTo("\"Pong\"");
      }
    }
  }

  @Test
  @DisplayName("max_connections: a connection beyond the limit is refused with HTTP 503")
  void maxConnections_refusesBeyondLimit() throws Exception {
    try (CollectorHarness h = memory(CollectorConfig.builder().maxConnections(2));
        WsClient a = h.client(); WsClient b = h.client()) {
      assertThatThrownBy(h::client).hasCauseInstanceOf(WebSocketHandshakeException.class)
          .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode()).isEqualTo(503));
      b.close();
      Thread.sleep(200);
      try (WsClient c = h.client()) {
        assertThat(c.request("\"Ping\"")).isEqualTo("\"Pong\"");
      }
    }
  }

  @Test
  @DisplayName("Subscriptions honour flow_ids, actor_ids, event_types and status_filter, and end with their connection")
  void subscriptions_allFourFilters() throws Exception {
    try (CollectorHarness h = memory(CollectorConfig.builder()); WsClient sub = h.client(); WsClient net = h.client()) {
      assertThat(sub.request("{\"Subscribe\":{\"filters\":{\"flow_ids\":[\"orders\"],\"actor_ids\":[\"writer\"],"
          + "\"event_types\":[\"ActorFailed\",{\"DataFlow\":{\"to_actor\":\"db\",\"to_port\":\"in\"}}],"
          + "\"status_filter\":[\"Running\"]}}}")).isEqualTo(Requests.OK);
      String orders = UUID.randomUUID().toString();
      String other = UUID.randomUUID().toString();
      net.request(Requests.start(orders, "orders"));
      net.request(Requests.start(other, "billing"));
      net.request(Requests.record(orders, "writer", "\"ActorStarted\""));                        // wrong type
      net.request(Requests.record(orders, "reader", "\"ActorFailed\""));                         // wrong actor
      net.request(Requests.record(other, "writer", "\"ActorFailed\""));                          // wrong flow
      net.request(Requests.record(orders, "writer", "{\"DataFlow\":{\"to_actor\":\"db\",\"to_port\":\"x\"}}")); // wrong port
      net.request(Requests.record(orders, "writer", "\"ActorFailed\""));                         // match
      net.request(Requests.record(orders, "writer", "{\"DataFlow\":{\"to_actor\":\"db\",\"to_port\":\"in\"}}")); // match
      JsonNode first = parse(sub.next().json()).get("EventNotification");
      assertThat(first.get("trace_id").asText()).isEqualTo(orders);
      assertThat(first.get("event").get("event_type").asText()).isEqualTo("ActorFailed");
      JsonNode second = parse(sub.next().json()).get("EventNotification");
      assertThat(second.get("event").get("event_type").get("DataFlow").get("to_port").asText()).isEqualTo("in");
      assertThat(sub.poll(300)).as("nothing else matched").isNull();

      assertThat(sub.request("{\"Subscribe\":{\"filters\":{\"status_filter\":[\"Completed\"]}}}")).isEqualTo(Requests.OK);
      net.request(Requests.record(orders, "writer", "\"ActorFailed\""));
      assertThat(sub.poll(300)).as("an in-flight trace is Running, not Completed").isNull();
      assertThat(sub.request("\"Unsubscribe\"")).isEqualTo(Requests.OK);
      net.request(Requests.record(orders, "writer", "\"ActorFailed\""));
      assertThat(sub.poll(300)).isNull();
    }
  }

  @Test
  @DisplayName("A slow subscriber never blocks ingest: its queue is bounded, the oldest notifications dropped and counted")
  void slowSubscriber_dropsOldest_ingestUnaffected() throws Exception {
    try (CollectorHarness h = memory(CollectorConfig.builder().subscriberQueue(4))) {
      // A raw TCP client that completes the handshake, subscribes and then never reads.
      try (java.net.Socket s = new java.net.Socket(h.collector.address().getAddress(), h.collector.address().getPort());
          WsClient net = h.client()) {
        s.setReceiveBufferSize(4096);
        var out = s.getOutputStream();
        out.write(("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes());
        out.flush();
        var in = s.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
          head.append((char) in.read());
        }
        assertThat(head.toString()).startsWith("HTTP/1.1 101");
        out.write(maskedTextFrame("{\"Subscribe\":{\"filters\":{}}}".getBytes()));
        out.flush();
        byte[] ack = new byte[2 + Requests.OK.length()];
        new java.io.DataInputStream(in).readFully(ack);
        assertThat(new String(ack, 2, ack.length - 2)).isEqualTo(Requests.OK);
        // From here on the subscriber reads nothing.
        String id = UUID.randomUUID().toString();
        net.request(Requests.start(id, "f"));
        long t0 = System.nanoTime();
        String pad = "x".repeat(32 * 1024);
        for (int i = 0; i < 600; i++) {
          net.send(Requests.recordPadded(id, "a", pad));
        }
        for (int i = 0; i < 600; i++) {
          assertThat(net.next().json()).isEqualTo(Requests.OK);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(60));
        JsonNode m = parse(net.request("\"GetMetrics\"")).get("Metrics").get("data");
        assertThat(m.get("notifications_dropped").asLong()).as("dropped beyond the queue of 4").isGreaterThan(0);
        assertThat(m.get("events_recorded").asLong()).isEqualTo(600);
      }
    }
  }

  private static byte[] maskedTextFrame(byte[] payload) {
    byte[] mask = {1, 2, 3, 4};
    byte[] f = new byte[2 + 4 + payload.length];
    f[0] = (byte) 0x81;
    f[1] = (byte) (0x80 | payload.length);
    System.arraycopy(mask, 0, f, 2, 4);
    for (int i = 0; i < payload.length; i++) {
      f[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
    }
    return f;
  }

  @Test
  @DisplayName("QueryTraces merges in-flight and stored traces in the normative order, pages after merging, counts all")
  void query_mergesInFlightAndStored_pagesAndCounts() throws Exception {
    try (CollectorHarness h = memory(CollectorConfig.builder()); WsClient c = h.client()) {
      FlowTrace template = TraceJson.read(dev.reflow.trace.collector.protocol.ProtocolFixtures.text(
          dev.reflow.trace.collector.protocol.ProtocolFixtures.MINIMAL));
      List<String> storedIds = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        // Stored traces start in 2020: every in-flight trace (started now) sorts before them.
        FlowTrace t = template.withTraceId(TraceId.random())
            .withStartTime(dev.reflow.trace.model.Timestamp.parse("2020-01-0" + (i + 1) + "T00:00:00Z"))
            .withStatus(ExecutionStatus.COMPLETED, dev.reflow.trace.model.Timestamp.parse("2020-01-0" + (i + 1) + "T00:01:00Z"));
        h.storage.store(new FlowTrace(t.traceId(), dev.reflow.trace.model.FlowId.of("q"), t.executionId(), t.version(),
            t.startTime(), t.endTime(), t.status(), t.events(), t.metadata()));
        storedIds.add(0, t.traceId().toString()); // newest first
      }
      List<String> inFlight = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        String id = UUID.randomUUID().toString();
        c.request(Requests.start(id, "q"));
        inFlight.add(0, id);
        Thread.sleep(5);
      }
      JsonNode all = parse(c.request(Requests.query("{\"flow_id\":\"q\"}"))).get("QueryResults");
      assertThat(all.get("total_count").asLong()).isEqualTo(8);
      List<String> expected = new ArrayList<>(inFlight);
      expected.addAll(storedIds);
      assertThat(ids(all)).containsExactlyElementsOf(expected);

      JsonNode page = parse(c.request(Requests.query("{\"flow_id\":\"q\",\"limit\":3,\"offset\":2}"))).get("QueryResults");
      assertThat(ids(page)).as("offset and limit applied to the merged list").containsExactlyElementsOf(expected.subList(2, 5));
      assertThat(page.get("total_count").asLong()).as("the true number of matches, not the page length").isEqualTo(8);

      JsonNode running = parse(c.request(Requests.query("{\"flow_id\":\"q\",\"status\":\"Running\",\"limit\":1}"))).get("QueryResults");
      assertThat(running.get("total_count").asLong()).isEqualTo(3);
      assertThat(ids(running)).containsExactly(inFlight.get(0));

      JsonNode versions = parse(c.request("{\"GetFlowVersions\":{\"flow_id\":\"q\"}}")).get("FlowVersions").get("versions");
      assertThat(versions).as("distinct versions of stored and in-flight traces").hasSizeGreaterThanOrEqualTo(1);
    }
  }

  private static List<String> ids(JsonNode results) {
    List<String> out = new ArrayList<>();
    results.get("traces").forEach(t -> out.add(t.get("trace_id").asText()));
    return out;
  }

  @Test
  @DisplayName("GetMetrics counts connections, messages, errors, stored and queried traces for real")
  void metrics_areReal() throws Exception {
    try (CollectorHarness h = memory(CollectorConfig.builder()); WsClient c = h.client()) {
      String id = UUID.randomUUID().toString();
      c.request(Requests.start(id, "m"));
      c.request(Requests.end(id, "\"Completed\""));
      h.awaitStored(id);
      c.request("garbage");
      c.request(Requests.query("{}"));
      JsonNode m = parse(c.request("\"GetMetrics\"")).get("Metrics").get("data");
      assertThat(m.get("connections_active").asLong()).isEqualTo(1);
      assertThat(m.get("connections_total").asLong()).isEqualTo(1);
      assertThat(m.get("messages_received").asLong()).isEqualTo(5);
      assertThat(m.get("messages_sent").asLong()).isEqualTo(4);
      assertThat(m.get("errors_total").asLong()).isEqualTo(1);
      assertThat(m.get("traces_stored").asLong()).isEqualTo(1);
      assertThat(m.get("traces_queried").asLong()).isEqualTo(1);
    }
  }
}
