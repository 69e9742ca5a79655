package dev.reflow.trace.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.reflow.trace.json.TraceJson;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against an in-process OTLP receiver that answers from a script of status codes. */
class OtlpExporterTest {
  private record Received(String path, Map<String, List<String>> headers, byte[] body) {}

  private HttpServer server;
  private final Queue<int[]> script = new ArrayDeque<>(); // {status, retryAfterSeconds or -1}
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final ExportTraceServiceRequest request = new OtlpMapping().toRequest(TraceJson.read(resource()));

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      received.add(new Received(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()), body));
      int[] next;
      synchronized (script) {
        next = script.isEmpty() ? new int[] {200, -1} : script.poll();
      }
      if (next[1] >= 0) {
        exchange.getResponseHeaders().add("Retry-After", Integer.toString(next[1]));
      }
      exchange.sendResponseHeaders(next[0], -1);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private OtlpExporter exporter(OtlpExporter.Protocol protocol, boolean gzip, int maxAttempts) {
    URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    return new OtlpExporter(new OtlpExporter.Config(endpoint, protocol, Map.of("Authorization", "Bearer s3cret"),
        Duration.ofSeconds(5), gzip, maxAttempts, Duration.ofMillis(10), Duration.ofMillis(40)));
  }

  @Test
  void jsonIsPostedToV1TracesWithHeaders() throws Exception {
    exporter(OtlpExporter.Protocol.HTTP_JSON, false, 3).export(request);

    assertThat(received).hasSize(1);
    Received r = received.get(0);
    assertThat(r.path()).isEqualTo("/v1/traces");
    assertThat(r.headers().get("Content-type")).containsExactly("application/json");
    assertThat(r.headers().get("Authorization")).containsExactly("Bearer s3cret");
    assertThat(OtlpJson.parse(new String(r.body(), StandardCharsets.UTF_8))).isEqualTo(request);
  }

  @Test
  void gzippedProtobufDecodesToTheSameRequest() throws Exception {
    exporter(OtlpExporter.Protocol.HTTP_PROTOBUF, true, 3).export(request);

    Received r = received.get(0);
    assertThat(r.headers().get("Content-encoding")).containsExactly("gzip");
    assertThat(r.headers().get("Content-type")).containsExactly("application/x-protobuf");
    try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(r.body()))) {
      assertThat(ExportTraceServiceRequest.parseFrom(in)).isEqualTo(request);
    }
  }

  @Test
  void retriesOn503HonouringRetryAfterAnd429ThenDeliversOnce() throws Exception {
    script.add(new int[] {503, 1});
    script.add(new int[] {429, -1});
    long start = System.nanoTime();

    exporter(OtlpExporter.Protocol.HTTP_JSON, false, 5).export(request);

    assertThat(received).hasSize(3);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void givesUpAfterMaxAttemptsWithoutShowingCredentials() {
    for (int i = 0; i < 5; i++) {
      script.add(new int[] {502, -1});
    }
    assertThatThrownBy(() -> exporter(OtlpExporter.Protocol.HTTP_JSON, false, 3).export(request))
        .isInstanceOfSatisfying(OtlpExportException.class, e -> {
          assertThat(e.attempts()).isEqualTo(3);
          assertThat(e.statusCode()).isEqualTo(502);
          assertThat(e.getMessage()).contains("HTTP 502").doesNotContain("s3cret");
        });
    assertThat(received).hasSize(3);
  }

  @Test
  void clientErrorsAreNotRetried() {
    script.add(new int[] {400, -1});
    assertThatThrownBy(() -> exporter(OtlpExporter.Protocol.HTTP_JSON, false, 5).export(request))
        .isInstanceOfSatisfying(OtlpExportException.class, e -> assertThat(e.attempts()).isEqualTo(1));
    assertThat(received).hasSize(1);
  }

  @Test
  void unreachableEndpointIsRetriedThenReported() {
    int port = server.getAddress().getPort();
    server.stop(0);
    OtlpExporter exporter = new OtlpExporter(new OtlpExporter.Config(URI.create("http://user:pw@127.0.0.1:" + port),
        OtlpExporter.Protocol.HTTP_JSON, Map.of(), Duration.ofSeconds(2), false, 2, Duration.ofMillis(5),
        Duration.ofMillis(10)));
    assertThatThrownBy(() -> exporter.export(request))
        .isInstanceOfSatisfying(OtlpExportException.class, e -> {
          assertThat(e.attempts()).isEqualTo(2);
          assertThat(e.statusCode()).isEqualTo(-1);
          assertThat(e.getMessage()).contains("could not reach http://127.0.0.1:" + port + "/v1/traces")
              .doesNotContain("pw");
        });
  }

  @Test
  void retryAfterAcceptsSecondsAndHttpDates() {
    assertThat(OtlpExporter.parseRetryAfter("7")).contains(Duration.ofSeconds(7));
    assertThat(OtlpExporter.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).contains(Duration.ZERO);
    assertThat(OtlpExporter.parseRetryAfter("soon")).isEmpty();
  }

  private static byte[] resource() {
    try (InputStream in = OtlpExporterTest.class.getClassLoader().getResourceAsStream("completed-flow.json")) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
