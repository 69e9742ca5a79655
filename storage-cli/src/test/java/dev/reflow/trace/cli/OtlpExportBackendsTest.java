package dev.reflow.trace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.otlp.OtlpJson;
import dev.reflow.trace.otlp.OtlpMapping;
import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.TraceQuery;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.TraceStorages;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OTLP commands on every backend: {@code export --format otlp-json} and {@code export
 * --otlp-endpoint} read the same traces from memory, a real (embedded) PostgreSQL and MongoDB (the
 * in-process mongo-java-server, real driver and wire protocol) as from SQLite, and write and send
 * exactly what they write and send from SQLite. {@link OtlpExportCommandTest} covers the options
 * and failures on SQLite.
 */
class OtlpExportBackendsTest {
  private static final int TRACES = 40;
  private static final OtlpMapping MAPPING = new OtlpMapping("orders");

  @TempDir
  static Path dir;

  private static EmbeddedPostgres postgres;
  private static MongoServer mongo;
  private static String mongoUrl;
  /** The memory backend, kept across commands (each command closes its storage). */
  private static final KeptMemoryStorage MEMORY = new KeptMemoryStorage();
  /** The traces as the SQLite export reads them: newest first. */
  private static List<FlowTrace> traces;
  private static Cli.Result sqliteJson;
  private static Cli.Result sqliteFlowJson;
  private static List<ExportTraceServiceRequest> sqliteSent;

  /** The same synthetic traces in each backend; the SQLite results every backend must give. */
  @BeforeAll
  static void stores() throws Exception {
    List<FlowTrace> some = Traces.some(TRACES);
    postgres = EmbeddedPostgres.builder().start();
    mongo = new MongoServer(new MemoryBackend());
    InetSocketAddress address = mongo.bind();
    mongoUrl = "mongodb://" + address.getHostString() + ":" + address.getPort();
    for (String backend : List.of("sqlite", "postgres", "mongodb")) {
      try (TraceStorage s = open(backend)) {
        s.storeAll(some);
      }
    }
    MEMORY.storeAll(some);
    try (TraceStorage sqlite = open("sqlite")) {
      traces = sqlite.query(TraceQuery.all());
    }
    assertThat(traces).hasSize(TRACES);

    sqliteJson = exportOtlpJson("sqlite");
    sqliteFlowJson = exportOtlpJson("sqlite", "--flow", flowOfSome());
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      Cli.Result sent = sendTo(receiver, "sqlite");
      assertThat(sent.status()).as(sent.toString()).isZero();
      sqliteSent = List.copyOf(receiver.received);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (mongo != null) {
      mongo.shutdownNow();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"memory", "postgres", "mongodb"})
  @DisplayName("export --format otlp-json: one request per trace, newest first, each trace's spans and ids, byte for byte the SQLite export")
  void otlpJson_sameAsSqlite(String backend) throws Exception {
    Cli.Result r = exportOtlpJson(backend);

    assertThat(r.status()).as(r.toString()).isZero();
    assertThat(r.err()).startsWith("exported " + TRACES + " traces (");
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(TRACES);
    for (int i = 0; i < TRACES; i++) {
      FlowTrace trace = traces.get(i);
      ExportTraceServiceRequest request = OtlpJson.parse(lines.get(i));
      List<Span> spans = spans(request);
      assertThat(spans).hasSize(1 + trace.events().size());
      assertThat(hex(spans.get(0).getTraceId().toByteArray())).isEqualTo(trace.traceId().value().toString().replace("-", ""));
      assertThat(spans.get(0).getName()).isEqualTo("flow:" + trace.flowId().value());
      assertThat(request).isEqualTo(MAPPING.toRequest(trace));
    }
    assertThat(r.stdoutBytes()).isEqualTo(sqliteJson.stdoutBytes());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"memory", "postgres", "mongodb"})
  @DisplayName("export --format otlp-json --flow F: the backend's query picks the same traces as SQLite's")
  void otlpJson_filtered_sameAsSqlite(String backend) {
    String flow = flowOfSome();
    long matching = traces.stream().filter(t -> t.flowId().value().equals(flow)).count();

    Cli.Result r = exportOtlpJson(backend, "--flow", flow);

    assertThat(r.status()).as(r.toString()).isZero();
    assertThat(matching).isBetween(1L, TRACES - 1L);
    assertThat(r.out().lines()).hasSize((int) matching).allSatisfy(line -> assertThat(line).contains("flow:" + flow));
    assertThat(r.stdoutBytes()).isEqualTo(sqliteFlowJson.stdoutBytes());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"memory", "postgres", "mongodb"})
  @DisplayName("export --otlp-endpoint: every trace sent once, in the same batches and requests as from SQLite")
  void endpoint_sameRequestsAsSqlite(String backend) throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      Cli.Result r = sendTo(receiver, backend);

      assertThat(r.status()).as(r.toString()).isZero();
      assertThat(r.err()).startsWith("sent " + TRACES + " traces to " + receiver.endpoint() + "/v1/traces in ");
      assertThat(receiver.received).hasSize((TRACES + 6) / 7);
      List<String> roots = new ArrayList<>();
      long spans = 0;
      for (ExportTraceServiceRequest request : receiver.received) {
        for (Span s : spans(request)) {
          spans++;
          if (s.getParentSpanId().isEmpty()) {
            roots.add(hex(s.getTraceId().toByteArray()));
          }
        }
      }
      assertThat(roots).containsExactlyElementsOf(
          traces.stream().map(t -> t.traceId().value().toString().replace("-", "")).toList());
      assertThat(spans).isEqualTo(traces.stream().mapToLong(t -> 1 + t.events().size()).sum());
      assertThat(receiver.received).isEqualTo(sqliteSent);
    }
  }

  private static Cli.Result exportOtlpJson(String backend, String... filters) {
    List<String> args = new ArrayList<>(List.of("export", "--format", "otlp-json", "--service-name", "orders"));
    args.addAll(List.of(filters));
    return run(backend, args.toArray(String[]::new));
  }

  /** JSON, as upstream sends (the SQLite tests cover protobuf and gzip), in batches of 7. */
  private static Cli.Result sendTo(OtlpReceiver receiver, String backend) {
    return run(backend, "export", "--otlp-endpoint", receiver.endpoint(), "--service-name", "orders",
        "-D", "otlp.max_batch_traces=7");
  }

  /** A flow some but not all demo traces have. */
  private static String flowOfSome() {
    return traces.get(0).flowId().value();
  }

  /** The command on the backend: its storage keys as {@code -D} options after the subcommand. */
  private static Cli.Result run(String backend, String... args) {
    Cli cli = backend.equals("memory") ? MEMORY.cli() : Cli.real();
    List<String> all = new ArrayList<>(List.of(args[0]));
    config(backend).forEach((k, v) -> all.add("-D" + k + "=" + v));
    all.addAll(List.of(args).subList(1, args.length));
    return cli.run(all.toArray(String[]::new));
  }

  private static TraceStorage open(String backend) {
    return TraceStorages.open(StorageConfig.fromMap(config(backend)));
  }

  private static Map<String, String> config(String backend) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("storage.backend", backend);
    switch (backend) {
      case "sqlite" -> c.put("storage.sqlite.database_path", dir.resolve("traces.db").toString());
      // No password: the embedded server trusts local connections (see FailingCommandsMatrixTest).
      case "postgres" -> {
        c.put("storage.postgres.connection_url", "postgresql://postgres@127.0.0.1:" + postgres.getPort() + "/postgres");
        c.put("storage.postgres.schema", "otlp_export");
      }
      case "mongodb" -> {
        c.put("storage.mongodb.connection_url", mongoUrl);
        c.put("storage.mongodb.database_name", "otlp_export");
      }
      case "memory" -> { } // the opener hands every command the kept store
      default -> throw new IllegalArgumentException(backend);
    }
    return c;
  }

  private static List<Span> spans(ExportTraceServiceRequest request) {
    return request.getResourceSpans(0).getScopeSpans(0).getSpansList();
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
