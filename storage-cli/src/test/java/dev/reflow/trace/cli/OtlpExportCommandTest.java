package dev.reflow.trace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.otlp.OtlpJson;
import dev.reflow.trace.otlp.OtlpMapping;
import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.TraceQuery;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.TraceStorages;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code export --format otlp-json} and {@code export --otlp-endpoint} against an in-process OTLP receiver. */
class OtlpExportCommandTest {
  private static final int TRACES = 40;

  @TempDir
  static Path store;

  @TempDir
  Path dir;

  private static Path db;
  private static String dbArg;
  private OtlpReceiver receiver;

  /** One store for every test: the commands only read it. */
  @BeforeAll
  static void demoStore() {
    db = store.resolve("t.db");
    dbArg = "-Dstorage.sqlite.database_path=" + db;
    Cli.Result demo = Cli.real().run("demo", dbArg, "--traces", String.valueOf(TRACES), "--seed", "3");
    assertThat(demo.status()).as(demo.toString()).isZero();
  }

  @BeforeEach
  void startReceiver() throws IOException {
    receiver = OtlpReceiver.start();
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  private String endpoint() {
    return receiver.endpoint();
  }

  private List<FlowTrace> stored() {
    try (TraceStorage s = TraceStorages.open(StorageConfig.fromMap(Map.of("storage.backend", "sqlite",
        "storage.sqlite.database_path", db.toString())))) {
      List<FlowTrace> traces = new ArrayList<>();
      s.query(TraceQuery.all()).forEach(traces::add);
      return traces;
    }
  }

  @Test
  @DisplayName("--format otlp-json: one strict-parsing ExportTraceServiceRequest per line and trace, in export order, service name from the option")
  void otlpJson_oneRequestPerLine() throws Exception {
    Path file = dir.resolve("traces.otlp.ndjson");
    Cli.Result r = Cli.real().run("export", dbArg, "--format", "otlp-json", "--service-name", "orders",
        "--output", file.toString());
    assertThat(r.status()).as(r.toString()).isZero();
    assertThat(r.err()).startsWith("exported " + TRACES + " traces (");

    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<FlowTrace> expected = stored();
    assertThat(lines).hasSize(TRACES);
    OtlpMapping mapping = new OtlpMapping("orders");
    for (int i = 0; i < TRACES; i++) {
      FlowTrace trace = expected.get(i);
      assertThat(OtlpJson.parse(lines.get(i))).isEqualTo(mapping.toRequest(trace));
      assertThat(lines.get(i)).isEqualTo(OtlpJson.print(mapping.toRequest(trace)));
    }
  }

  @Test
  @DisplayName("--otlp-endpoint: every trace delivered once in batches of otlp.max_batch_traces, protobuf, gzip, headers; exit 0")
  void endpoint_deliversEveryTraceOnce() {
    Cli.Result r = Cli.real().run("export", dbArg, "--otlp-endpoint", endpoint(), "--otlp-protocol", "http/protobuf",
        "--otlp-header", "Authorization=Bearer t0ken-abc", "-D", "otlp.max_batch_traces=7",
        "-D", "otlp.compression=gzip");

    assertThat(r.status()).as(r.toString()).isZero();
    assertThat(r.err()).startsWith("sent " + TRACES + " traces to " + endpoint() + "/v1/traces in ")
        .doesNotContain("t0ken-abc");
    assertThat(receiver.received).hasSize((TRACES + 6) / 7);
    assertThat(receiver.authorization).containsOnly("Bearer t0ken-abc");
    List<String> ids = new ArrayList<>();
    for (ExportTraceServiceRequest request : receiver.received) {
      List<Span> roots = request.getResourceSpans(0).getScopeSpans(0).getSpansList().stream()
          .filter(s -> s.getParentSpanId().isEmpty()).toList();
      assertThat(roots.size()).isBetween(1, 7);
      roots.forEach(s -> ids.add(HexFormat.of().formatHex(s.getTraceId().toByteArray())));
    }
    assertThat(ids).containsExactlyInAnyOrderElementsOf(
        stored().stream().map(t -> t.traceId().value().toString().replace("-", "")).toList());
  }

  @Test
  @DisplayName("--otlp-endpoint answered 400: exit 1 naming how many failed; the header's value never printed, even with --verbose")
  void endpoint_rejects_exitOneWithCount() {
    receiver.status = 400;
    StringBuilder log = new StringBuilder();
    Cli.Result r = withSystemErr(log, () -> Cli.real().run("export", dbArg, "--verbose", "--otlp-endpoint", endpoint(),
        "--otlp-header", "X-Api-Key=sup3r-s3cret-key", "-D", "otlp.max_batch_traces=16",
        "-D", "otlp.headers=X-Other=an0ther-s3cret"));

    assertThat(r.status()).as(r.toString()).isEqualTo(1);
    assertThat(log).doesNotContain("sup3r-s3cret-key").doesNotContain("an0ther-s3cret");
    assertThat(r.err()).contains("sent 0 traces to " + endpoint() + "/v1/traces, " + TRACES + " failed after retries")
        .contains("HTTP 400").doesNotContain("sup3r-s3cret-key").doesNotContain("an0ther-s3cret");
  }

  @Test
  @DisplayName("--otlp-endpoint unreachable: retried, then the export stops with exit 1 instead of waiting out every batch")
  void endpoint_unreachable_stops() throws IOException {
    String url;
    try (java.net.ServerSocket closed = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      url = "http://127.0.0.1:" + closed.getLocalPort(); // nothing listens there once closed
    }
    Cli.Result r = Cli.real().run("export", dbArg, "--otlp-endpoint", url, "-D", "otlp.max_attempts=2",
        "-D", "otlp.max_batch_traces=10");

    assertThat(r.status()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).contains("10 failed after retries").contains("endpoint is unreachable")
        .contains("after 2 attempt(s)");
  }

  /** The library logs through slf4j, which writes to the process's stderr. */
  private static Cli.Result withSystemErr(StringBuilder log, java.util.function.Supplier<Cli.Result> run) {
    java.io.PrintStream original = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      return run.get();
    } finally {
      System.setErr(original);
      log.append(captured.toString(StandardCharsets.UTF_8));
    }
  }

  @Test
  @DisplayName("OTLP options need their mode; a bad protocol or endpoint is a usage error naming the option")
  void usageErrors() {
    Cli.Result header = Cli.real().run("export", dbArg, "--otlp-header", "A=b");
    assertThat(header.status()).isEqualTo(2);
    assertThat(header.err()).contains("--otlp-header needs --otlp-endpoint");
    Cli.Result grpc = Cli.real().run("export", dbArg, "--otlp-endpoint", endpoint(), "--otlp-protocol", "grpc");
    assertThat(grpc.status()).isEqualTo(2);
    assertThat(grpc.err()).contains("--otlp-protocol=grpc").contains("http/protobuf");
    Cli.Result url = Cli.real().run("export", dbArg, "--otlp-endpoint", "localhost:4318");
    assertThat(url.status()).isEqualTo(2);
    assertThat(url.err()).contains("--otlp-endpoint");
    Cli.Result both = Cli.real().run("export", dbArg, "--otlp-endpoint", endpoint(), "--output", "x");
    assertThat(both.status()).isEqualTo(2);
    StringBuilder log = new StringBuilder();
    Cli.Result unknownKey = withSystemErr(log, () -> Cli.real().run("export", dbArg, "--format", "otlp-json",
        "-D", "otlp.endpont=zebra", "--output", dir.resolve("o").toString()));
    assertThat(unknownKey.status()).as(unknownKey.toString()).isZero();
    assertThat(log).contains("Unknown OTLP setting otlp.endpont").doesNotContain("zebra");
    assertThat(receiver.received).isEmpty();
  }
}
