package dev.reflow.trace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.Zstd;
import dev.reflow.trace.model.ExecutionStatus;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.TraceStorages;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reflow-trace serve} as a real process: a Reflow-style session stored on SQLite, a
 * graceful SIGTERM, and a {@code kill -9} with traces in flight after which every acknowledged
 * event comes back from the journal.
 */
class ServeJarIT {
  private static final Pattern LISTENING = Pattern.compile("listening on (ws://\\S+) \\(backend (\\w+)\\)");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Path jar;

  @TempDir
  Path dir;

  @BeforeAll
  static void findJar() {
    jar = Path.of(System.getProperty("reflow.trace.jar", "target/reflow-trace.jar"));
    assertThat(jar).isRegularFile();
  }

  @Test
  @DisplayName("serve on SQLite: a whole session is stored; SIGTERM stops it gracefully with exit status 0")
  void session_storedOnSqlite_sigtermExitsZero() throws Exception {
    Server s = Server.start(dir, "-D", "server.journal_path=" + dir.resolve("journal"));
    String id = UUID.randomUUID().toString();
    try (Client c = Client.connect(s.url)) {
      assertThat(c.request(start(id))).isEqualTo("{\"TraceStarted\":{\"trace_id\":\"" + id + "\"}}");
      for (int i = 0; i < 5; i++) {
        assertThat(c.request(record(id, "actor-" + i))).isEqualTo(OK);
      }
      assertThat(c.request("{\"EndTrace\":{\"trace_id\":\"" + id + "\",\"status\":\"Completed\"}}")).isEqualTo(OK);
    }
    s.process.destroy(); // SIGTERM
    assertThat(s.process.waitFor(15, TimeUnit.SECONDS)).as("stopped within the grace period").isTrue();
    assertThat(s.process.exitValue()).as(s.output()).isZero();
    try (TraceStorage storage = sqlite()) {
      FlowTrace t = storage.get(TraceId.parse(id)).orElseThrow();
      assertThat(t.status()).isEqualTo(ExecutionStatus.COMPLETED);
      assertThat(t.events()).hasSize(5);
    }
  }

  @Test
  @DisplayName("kill -9 with traces in flight: after a restart on the same journal every acknowledged event is back")
  void kill9_everyAcknowledgedEventReplayed() throws Exception {
    String[] args = {"-D", "server.journal_path=" + dir.resolve("journal")};
    Server first = Server.start(dir, args);
    String a = UUID.randomUUID().toString();
    String b = UUID.randomUUID().toString();
    int acked = 0;
    try (Client c = Client.connect(first.url)) {
      c.request(start(a));
      c.request(start(b));
      for (int i = 0; i < 40; i++) {
        assertThat(c.request(record(i % 2 == 0 ? a : b, "actor-" + i))).isEqualTo(OK);
        acked++;
      }
      first.process.destroyForcibly(); // SIGKILL: no shutdown code runs
      assertThat(first.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }
    Server second = Server.start(dir, args);
    try (Client c = Client.connect(second.url)) {
      JsonNode ta = JSON.readTree(c.request(get(a))).get("TraceData").get("trace");
      JsonNode tb = JSON.readTree(c.request(get(b))).get("TraceData").get("trace");
      assertThat(ta.get("events").size() + tb.get("events").size()).as("acknowledged events after kill -9").isEqualTo(acked);
      assertThat(ta.get("status").asText()).isEqualTo("Running");
      assertThat(c.request(record(a, "after-restart"))).isEqualTo(OK);
      assertThat(c.request("{\"EndTrace\":{\"trace_id\":\"" + a + "\",\"status\":\"Completed\"}}")).isEqualTo(OK);
    } finally {
      second.process.destroy();
      second.process.waitFor(15, TimeUnit.SECONDS);
    }
    try (TraceStorage storage = sqlite()) {
      assertThat(storage.get(TraceId.parse(a)).orElseThrow().events()).hasSize(21);
    }
  }

  @Test
  @DisplayName("serve with [otlp] enabled: a finished trace is stored, then exported to an OTLP receiver; the header never printed")
  void otlpEnabled_finalizedTraceExported() throws Exception {
    List<io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest> received = new CopyOnWriteArrayList<>();
    List<String> auth = new CopyOnWriteArrayList<>();
    com.sun.net.httpserver.HttpServer receiver =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/v1/traces", exchange -> {
      auth.add(exchange.getRequestHeaders().getFirst("Authorization"));
      received.add(io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest.parseFrom(
          exchange.getRequestBody().readAllBytes()));
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    receiver.start();
    Path config = dir.resolve("reflow_tracing.toml");
    java.nio.file.Files.writeString(config, "[storage]\nbackend = \"sqlite\"\n[otlp]\nenabled = true\nendpoint = \"http://127.0.0.1:"
        + receiver.getAddress().getPort() + "\"\nservice_name = \"jar-test\"\nprotocol = \"http/protobuf\"\n"
        + "[otlp.headers]\nAuthorization = \"Bearer hdr-s3cr3t-value\"\n");
    try {
      Server s = Server.start(dir, "--config", config.toString(), "--verbose",
          "-D", "server.journal_path=" + dir.resolve("journal"));
      StringBuffer err = new StringBuffer();
      Thread drainErr = new Thread(() -> new BufferedReader(new InputStreamReader(s.process.getErrorStream(),
          StandardCharsets.UTF_8)).lines().forEach(l -> err.append(l).append('\n')));
      drainErr.setDaemon(true);
      drainErr.start();
      String id = UUID.randomUUID().toString();
      try (Client c = Client.connect(s.url)) {
        c.request(start(id));
        for (int i = 0; i < 3; i++) {
          assertThat(c.request(record(id, "actor-" + i))).isEqualTo(OK);
        }
        assertThat(c.request("{\"EndTrace\":{\"trace_id\":\"" + id + "\",\"status\":\"Completed\"}}")).isEqualTo(OK);
      }
      // SIGTERM without Process.destroy(), which would close the pipes before the shutdown lines
      new ProcessBuilder("kill", "-TERM", Long.toString(s.process.pid())).start().waitFor();
      assertThat(s.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      drainErr.join(5_000);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (!s.output().contains("stopped") && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(s.process.exitValue()).as(s.output() + err).isZero();
      assertThat(s.output()).contains("otlp: exporting finalized traces to http://127.0.0.1:" + receiver.getAddress().getPort()
          + "/v1/traces (http/protobuf, service.name jar-test)").contains("otlp: sent 1, failed 0, dropped 0 traces");
      assertThat(s.output() + err).doesNotContain("hdr-s3cr3t-value");
      assertThat(auth).containsOnly("Bearer hdr-s3cr3t-value");
      var spans = received.stream().flatMap(r -> r.getResourceSpans(0).getScopeSpans(0).getSpansList().stream()).toList();
      assertThat(spans).hasSize(4);
      assertThat(spans.get(0).getName()).isEqualTo("flow:jar");
      assertThat(java.util.HexFormat.of().formatHex(spans.get(0).getTraceId().toByteArray())).isEqualTo(id.replace("-", ""));
      assertThat(received.get(0).getResourceSpans(0).getResource().getAttributes(0).getValue().getStringValue())
          .isEqualTo("jar-test");
      try (TraceStorage storage = sqlite()) {
        assertThat(storage.get(TraceId.parse(id))).isPresent();
      }
    } finally {
      receiver.stop(0);
    }
  }

  private TraceStorage sqlite() {
    return TraceStorages.open(StorageConfig.fromMap(Map.of("storage.backend", "sqlite",
        "storage.sqlite.database_path", dir.resolve("reflow-traces.db").toString())));
  }

  private static final String OK = "{\"EventRecorded\":{\"success\":true,\"error\":null}}";

  private static String start(String id) {
    return "{\"StartTrace\":{\"trace_id\":\"" + id + "\",\"flow_id\":\"jar\",\"version\":{\"major\":1,\"minor\":0,"
        + "\"patch\":0,\"git_hash\":null,\"timestamp\":\"2026-06-01T10:00:00Z\"}}}";
  }

  private static String get(String id) {
    return "{\"GetTrace\":{\"request_id\":\"" + UUID.randomUUID() + "\",\"trace_id\":\"" + id + "\"}}";
  }

  private static String record(String id, String actor) {
    return "{\"RecordEvent\":{\"trace_id\":\"" + id + "\",\"event\":{\"event_id\":\"" + UUID.randomUUID()
        + "\",\"timestamp\":\"2026-06-01T10:00:01Z\",\"event_type\":\"ActorStarted\",\"actor_id\":\"" + actor
        + "\",\"data\":{\"port\":null,\"message\":null,\"state_diff\":null,\"error\":null,\"performance_metrics\":{},"
        + "\"custom_attributes\":{}},\"causality\":{\"parent_event_id\":null,\"root_cause_event_id\":\""
        + UUID.randomUUID() + "\",\"dependency_chain\":[],\"span_id\":\"s\"}}}}";
  }

  /** A serve process and the URL it printed. */
  private static final class Server {
    final Process process;
    final String url;
    final StringBuffer log = new StringBuffer();

    private Server(Process process, String url) {
      this.process = process;
      this.url = url;
    }

    static Server start(Path dir, String... extra) throws Exception {
      String[] args = new String[extra.length + 3];
      args[0] = "serve";
      args[1] = "--port";
      args[2] = "0";
      System.arraycopy(extra, 0, args, 3, extra.length);
      Process p = JavaProcess.startJar(jar, dir, args);
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      StringBuilder seen = new StringBuilder();
      String line;
      while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
        seen.append(line).append('\n');
        Matcher m = LISTENING.matcher(line);
        if (m.find()) {
          assertThat(m.group(2)).isEqualTo("sqlite");
          Server s = new Server(p, m.group(1));
          s.log.append(seen);
          Thread drain = new Thread(() -> out.lines().forEach(l -> s.log.append(l).append('\n')));
          drain.setDaemon(true);
          drain.start();
          return s;
        }
      }
      p.destroyForcibly();
      throw new AssertionError("serve did not print its listening line:\n" + seen
          + new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    String output() {
      return log.toString();
    }
  }

  /** A minimal Reflow-style WebSocket client: Text requests; Binary replies are zstd. */
  private static final class Client implements AutoCloseable, WebSocket.Listener {
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private final StringBuilder text = new StringBuilder();
    private final java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();
    private WebSocket ws;

    static Client connect(String url) {
      Client c = new Client();
      c.ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(url + "/"), c).join();
      return c;
    }

    String request(String json) throws InterruptedException {
      ws.sendText(json, true).join();
      String reply = replies.poll(15, TimeUnit.SECONDS);
      assertThat(reply).as("a reply to %s", json).isNotNull();
      return reply;
    }

    @Override
    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        replies.add(text.toString());
        text.setLength(0);
      }
      w.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket w, ByteBuffer data, boolean last) {
      byte[] b = new byte[data.remaining()];
      data.get(b);
      binary.writeBytes(b);
      if (last) {
        byte[] all = binary.toByteArray();
        binary.reset();
        replies.add(new String(Zstd.decompress(all, (int) Zstd.getFrameContentSize(all)), StandardCharsets.UTF_8));
      }
      w.request(1);
      return null;
    }

    @Override
    public void close() {
      ws.abort();
    }
  }
}
