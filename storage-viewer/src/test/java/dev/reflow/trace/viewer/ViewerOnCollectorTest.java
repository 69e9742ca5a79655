package dev.reflow.trace.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reflow.trace.collector.Collector;
import dev.reflow.trace.collector.CollectorConfig;
import dev.reflow.trace.json.TraceJson;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.TraceStorages;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The viewer mounted on a collector ({@code reflow-trace serve}): one port for the WebSocket
 * endpoint and the API, in-flight traces listed and readable, the collector's counters in
 * {@code /metrics}, one token for both.
 */
class ViewerOnCollectorTest {
  static final String TOKEN = "collector-and-viewer-token";

  @Test
  @DisplayName("serve: in-flight traces are listed first and marked, readable by id, and the WebSocket still works")
  void inFlightTracesAreListed() throws Exception {
    TraceStorage storage = TraceStorages.open(StorageConfig.fromMap(Map.of("storage.backend", "memory")));
    List<FlowTrace> stored = SampleTraces.seed(12, 5);
    storage.storeAll(stored);
    Viewer.ViewerRoutes routes = Viewer.routes(storage, TOKEN);
    CollectorConfig config = CollectorConfig.builder().host("127.0.0.1").port(0).journal(false).authToken(TOKEN).build();
    try (Collector collector = Collector.start(config, storage, true, List.of(), routes); routes) {
      String base = "http://127.0.0.1:" + collector.address().getPort() + "/";
      Http http = new Http(base, TOKEN);
      BlockingQueue<String> replies = new LinkedBlockingQueue<>();
      WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer " + TOKEN)
          .buildAsync(URI.create(collector.url() + "/"), new WebSocket.Listener() {
            StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
              text.append(data);
              if (last) {
                replies.add(text.toString());
                text = new StringBuilder();
              }
              socket.request(1);
              return null;
            }
          }).get(5, TimeUnit.SECONDS);
      TraceId live = TraceId.random();
      ws.sendText("{\"StartTrace\":{\"trace_id\":\"" + live + "\",\"flow_id\":\"live_flow\",\"version\":"
          + "{\"major\":1,\"minor\":0,\"patch\":0,\"git_hash\":null,\"timestamp\":\"2026-06-01T10:00:00Z\"}}}", true).get();
      assertThat(replies.poll(5, TimeUnit.SECONDS)).contains("TraceStarted");
      FlowTrace sample = SampleTraces.chain(TraceId.random(), "x", SampleTraces.BASE, List.of("reader", "writer"), 1, new Random(3));
      for (var e : sample.events()) {
        String event = new String(TraceJson.writeEventBytes(e), StandardCharsets.UTF_8);
        ws.sendText("{\"RecordEvent\":{\"trace_id\":\"" + live + "\",\"event\":" + event + "}}", true).get();
        assertThat(replies.poll(5, TimeUnit.SECONDS)).contains("\"success\":true");
      }

      JsonNode page = http.json("/api/traces?limit=5", 200);
      JsonNode first = page.at("/traces/0");
      assertThat(first.get("trace_id").asText()).isEqualTo(live.toString());
      assertThat(first.get("in_flight").asBoolean()).isTrue();
      assertThat(first.get("status").asText()).isEqualTo("Running");
      assertThat(first.get("end_time").isNull()).isTrue();
      assertThat(first.get("event_count").asInt()).isEqualTo(sample.events().size());
      assertThat(first.get("failed_actor").asText()).isEqualTo("writer");
      assertThat(page.at("/traces/1/in_flight").asBoolean()).isFalse();
      assertThat(http.json("/api/traces?status=running", 200).get("traces").size()).isEqualTo(1);
      assertThat(http.json("/api/traces?flow=live_flow", 200).get("traces").size()).isEqualTo(1);
      // Paging across the merge: every trace once.
      JsonNode p1 = http.json("/api/traces?limit=7", 200);
      JsonNode p2 = http.json("/api/traces?limit=7&after=" + Http.enc(p1.get("next").asText()), 200);
      assertThat(p1.get("traces").size() + p2.get("traces").size()).isEqualTo(13);
      assertThat(p2.get("next").isNull()).isTrue();

      JsonNode trace = http.json("/api/traces/" + live, 200);
      assertThat(trace.get("status").asText()).isEqualTo("Running");
      assertThat(trace.get("events").size()).isEqualTo(sample.events().size());
      assertThat(http.json("/api/stats", 200).get("in_flight").asInt()).isEqualTo(1);
      assertThat(http.get("/api/traces/" + live + "/otlp").statusCode()).isEqualTo(200);
      String metrics = new String(http.get("/metrics").body(), StandardCharsets.UTF_8);
      assertThat(metrics).containsPattern("reflow_collector_events_recorded [1-9]")
          .contains("reflow_collector_traces_in_flight 1.0");
      assertThat(http.withToken(null).get("/api/traces").statusCode()).isEqualTo(401);
      assertThat(http.withToken(null).get("/").statusCode()).isEqualTo(200);

      ws.sendText("{\"EndTrace\":{\"trace_id\":\"" + live + "\",\"status\":\"Completed\"}}", true).get();
      assertThat(replies.poll(5, TimeUnit.SECONDS)).contains("\"success\":true");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      JsonNode ended;
      do {
        ended = http.json("/api/traces?limit=1", 200).at("/traces/0");
      } while (!ended.get("status").asText().equals("Completed") && System.nanoTime() < deadline);
      assertThat(ended.get("trace_id").asText()).isEqualTo(live.toString());
      assertThat(ended.get("in_flight").asBoolean()).isFalse();
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get();
    }
  }
}
