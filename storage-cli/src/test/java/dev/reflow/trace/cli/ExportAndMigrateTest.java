package dev.reflow.trace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.StoredTrace;
import dev.reflow.trace.storage.TraceQuery;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.TraceStorages;
import dev.reflow.trace.storage.TraceWriteException;
import dev.reflow.trace.storage.tck.ForwardingTraceStorage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code export}, {@code query --json} and {@code migrate} on real SQLite files. */
class ExportAndMigrateTest {
  private static final int TRACES = 300;

  @TempDir
  Path dir;

  private String sourceDb;
  private Path source;
  private Path target;

  @BeforeEach
  void demoStore() {
    source = dir.resolve("source.db");
    target = dir.resolve("target.db");
    sourceDb = "-Dstorage.sqlite.database_path=" + source;
    Cli.Result demo = Cli.real().run("demo", sourceDb, "--traces", String.valueOf(TRACES), "--seed", "7");
    assertThat(demo.status()).as(demo.toString()).isZero();
  }

  private static TraceStorage open(Path db) {
    return TraceStorages.open(StorageConfig.fromMap(Map.of("storage.backend", "sqlite",
        "storage.sqlite.database_path", db.toString())));
  }

  /** The real backends, with the migrate target (and only it) wrapped by {@code wrap}. */
  private Cli withTarget(UnaryOperator<TraceStorage> wrap) {
    Cli cli = Cli.real();
    cli.opener = config -> {
      TraceStorage real = CliContext.StorageOpener.discovered(Map.of(), Map.of()).open(config);
      boolean isTarget = config.get("storage.sqlite.database_path").orElse("").equals(target.toString());
      return isTarget ? wrap.apply(real) : real;
    };
    return cli;
  }

  /** Every trace's getJson bytes plus a newline, in the query order: what an export must write. */
  private static byte[] expectedNdjson(Path db, TraceQuery query) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TraceStorage s = open(db)) {
      for (FlowTrace t : s.query(query)) {
        out.write(s.getJson(t.traceId()).orElseThrow());
        out.write('\n');
      }
    }
    return out.toByteArray();
  }

  private String[] migrateArgs(String... more) {
    List<String> args = new ArrayList<>(List.of("migrate", sourceDb, "--to", "storage.backend=sqlite",
        "--to", "storage.sqlite.database_path=" + target));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  @Test
  @DisplayName("export --output FILE: one line per trace, each byte for byte what get prints, newest first; a summary on stderr")
  void export_toFile_isGetBytesPerLine() throws Exception {
    Path file = dir.resolve("out/traces.ndjson");
    Files.createDirectories(file.getParent());
    Cli.Result r = Cli.real().run("export", sourceDb, "--output", file.toString());
    assertThat(r.status()).as(r.toString()).isZero();
    byte[] written = Files.readAllBytes(file);
    assertThat(written).isEqualTo(expectedNdjson(source, TraceQuery.all()));
    assertThat(r.err()).matches("exported " + TRACES + " traces \\(" + String.format("%,d", written.length)
        + " bytes\\) in \\d+\\.\\d\\d s\\n");
    assertThat(r.stdoutBytes()).isEmpty();
    assertThat(dir.resolve("out/traces.ndjson.partial")).doesNotExist();

    // get of the first line's id prints exactly that line.
    String firstLine = Files.readAllLines(file).get(0);
    String id = firstLine.substring(firstLine.indexOf("\"trace_id\":\"") + 12, firstLine.indexOf("\"trace_id\":\"") + 48);
    Cli.Result got = Cli.real().run("get", sourceDb, id);
    assertThat(got.out()).isEqualTo(firstLine);
  }

  @Test
  @DisplayName("export to stdout with filters equals query --all --json with the same filters, and both equal get's bytes")
  void export_toStdoutWithFilters_equalsQueryJson() throws Exception {
    TraceQuery failed = TraceQuery.builder().status(dev.reflow.trace.model.ExecutionStatus.Kind.FAILED).build();
    byte[] expected = expectedNdjson(source, failed);
    assertThat(expected).isNotEmpty();
    Cli.Result export = Cli.real().run("export", sourceDb, "--status", "failed", "--format", "ndjson", "--output", "-");
    assertThat(export.status()).as(export.toString()).isZero();
    assertThat(export.stdoutBytes()).isEqualTo(expected);
    Cli.Result query = Cli.real().run("query", sourceDb, "--status", "failed", "--all", "--json");
    assertThat(query.stdoutBytes()).isEqualTo(expected);
    Cli.Result paged = Cli.real().run("query", sourceDb, "--limit", "5", "--offset", "3", "--json");
    assertThat(paged.stdoutBytes()).isEqualTo(expectedNdjson(source, TraceQuery.builder().limit(5).offset(3).build()));
  }

  @Test
  @DisplayName("export into a missing directory is a usage error that writes nothing; an unknown format is refused")
  void export_badOutput_isUsageError() {
    Cli.Result r = Cli.real().run("export", sourceDb, "--output", dir.resolve("nope/t.ndjson").toString());
    assertThat(r.status()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("directory").contains("does not exist");
    Cli.Result f = Cli.real().run("export", sourceDb, "--format", "csv");
    assertThat(f.status()).as(f.toString()).isEqualTo(2);
    assertThat(f.err()).containsIgnoringCase("ndjson");
  }

  @Test
  @DisplayName("migrate copies every trace in batches and verifies checksums; a rerun writes nothing")
  void migrate_copiesVerifiesAndIsIdempotent() throws Exception {
    Cli.Result r = Cli.real().run(migrateArgs("--batch", "64"));
    assertThat(r.status()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("migrated " + TRACES + " traces to sqlite: " + TRACES + " written, 0 already there, in ")
        .contains("verified " + TRACES + " traces (SHA-256 of each trace's JSON)");
    assertThat(expectedNdjson(target, TraceQuery.all())).isEqualTo(expectedNdjson(source, TraceQuery.all()));

    Cli.Result again = Cli.real().run(migrateArgs("--batch", "64", "--verify", "count"));
    assertThat(again.status()).as(again.toString()).isZero();
    assertThat(again.out()).startsWith("migrated " + TRACES + " traces to sqlite: 0 written, " + TRACES + " already there")
        .contains("verified " + TRACES + " traces (count)");
  }

  @Test
  @DisplayName("migrate with filters copies only the matches")
  void migrate_withFilters_copiesMatchesOnly() throws Exception {
    Cli.Result r = Cli.real().run(migrateArgs("--status", "failed"));
    assertThat(r.status()).as(r.toString()).isZero();
    TraceQuery failed = TraceQuery.builder().status(dev.reflow.trace.model.ExecutionStatus.Kind.FAILED).build();
    assertThat(expectedNdjson(target, TraceQuery.all())).isEqualTo(expectedNdjson(source, failed));
  }

  @Test
  @DisplayName("An interrupted migrate resumes: the rerun writes only what is missing and ends verified")
  void migrate_interrupted_resumes() throws Exception {
    AtomicInteger batches = new AtomicInteger();
    Cli failing = withTarget(real -> new ForwardingTraceStorage(real) {
      @Override
      public void storeAllJson(Collection<StoredTrace> traces) {
        if (batches.incrementAndGet() == 3) {
          throw new TraceWriteException("disk full (simulated)");
        }
        super.storeAllJson(traces);
      }
    });
    Cli.Result broken = failing.run(migrateArgs("--batch", "50"));
    assertThat(broken.status()).as(broken.toString()).isEqualTo(1);
    assertThat(broken.err()).contains("disk full (simulated)");
    long survived;
    try (TraceStorage t = open(target)) {
      survived = t.count(TraceQuery.all());
    }
    // Two batches are written at a time, so the fourth may have committed beside the failed third.
    assertThat(survived).as("whole batches survived: the two before the failure, maybe the one after it")
        .isIn(100L, 150L);

    Cli.Result resumed = Cli.real().run(migrateArgs("--batch", "50"));
    assertThat(resumed.status()).as(resumed.toString()).isZero();
    assertThat(resumed.out()).startsWith("migrated " + TRACES + " traces to sqlite: " + (TRACES - survived)
            + " written, " + survived + " already there")
        .contains("verified " + TRACES + " traces");
    assertThat(expectedNdjson(target, TraceQuery.all())).isEqualTo(expectedNdjson(source, TraceQuery.all()));
  }

  @Test
  @DisplayName("Verification catches a destination that loses or alters traces: exit 1 naming the first ids")
  void migrate_lossyDestination_failsVerification() throws Exception {
    List<TraceId> lost = new ArrayList<>();
    Cli lossy = withTarget(real -> new ForwardingTraceStorage(real) {
      @Override
      public void storeAllJson(Collection<StoredTrace> traces) {
        List<StoredTrace> kept = new ArrayList<>(traces);
        if (lost.isEmpty()) {
          lost.add(kept.remove(3).traceId());
          FlowTrace altered = kept.remove(5).trace();
          lost.add(altered.traceId());
          kept.add(StoredTrace.of(altered.withStatus(dev.reflow.trace.model.ExecutionStatus.failed("altered"),
              altered.endTime())));
        }
        super.storeAllJson(kept);
      }
    });
    Cli.Result r = lossy.run(migrateArgs());
    assertThat(r.status()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).contains("verification failed: 2 of " + TRACES + " traces are missing or differ")
        .contains(lost.get(0) + " (missing)").contains(lost.get(1) + " (differs)");
    Cli.Result count = Cli.real().run(migrateArgs("--verify", "none"));
    assertThat(count.status()).as(count.toString()).isZero();
    assertThat(count.out()).contains("2 written");
  }

  @Test
  @DisplayName("migrate without a destination, or to the source itself, is a usage error")
  void migrate_badDestination_isUsageError() {
    Cli.Result none = Cli.real().run("migrate", sourceDb);
    assertThat(none.status()).isEqualTo(2);
    assertThat(none.err()).contains("--to");
    Cli.Result self = Cli.real().run("migrate", sourceDb, "--to", "storage.backend=sqlite",
        "--to", "storage.sqlite.database_path=" + source);
    assertThat(self.status()).as(self.toString()).isEqualTo(2);
    assertThat(self.err()).contains("is the configured store itself");
    Cli.Result noBackend = Cli.real().run("migrate", sourceDb, "--to", "storage.sqlite.database_path=" + target);
    assertThat(noBackend.status()).isEqualTo(2);
    assertThat(noBackend.err()).contains("--to storage.backend=NAME");
  }

  @Test
  @DisplayName("migrate never prints the destination's password, also with --verbose and when it cannot connect")
  void migrate_unreachableDestination_neverPrintsPassword() {
    String secret = "Zq9-very-secret-pw";
    for (boolean verbose : new boolean[] {false, true}) {
      List<String> args = new ArrayList<>(List.of("migrate", sourceDb, "--to", "storage.backend=postgres",
          "--to", "storage.postgres.connection_url=postgresql://reflow:" + secret + "@127.0.0.1:1/traces?connectTimeout=2",
          "--to", "storage.postgres.acquire_timeout_secs=2"));
      if (verbose) {
        args.add("--verbose");
      }
      Cli.Result r = Cli.real().run(args.toArray(String[]::new));
      assertThat(r.status()).as(r.toString()).isNotZero();
      assertThat(r.out() + r.err()).as(r.toString()).doesNotContain(secret).contains("127.0.0.1:1");
    }
  }

  @Test
  @DisplayName("--to-config FILE names the destination; --to overrides its keys")
  void migrate_toConfigFile() throws Exception {
    Path toml = dir.resolve("dest.toml");
    Files.writeString(toml, "[storage]\nbackend = \"sqlite\"\n\n[storage.sqlite]\ndatabase_path = \"" + dir.resolve("other.db") + "\"\n");
    Cli.Result r = Cli.real().run("migrate", sourceDb, "--to-config", toml.toString(), "--to",
        "storage.sqlite.database_path=" + target, "--verify", "count");
    assertThat(r.status()).as(r.toString()).isZero();
    assertThat(dir.resolve("other.db")).doesNotExist();
    try (TraceStorage t = open(target); Stream<StoredTrace> s = t.streamJson(TraceQuery.all())) {
      assertThat(s.count()).isEqualTo(TRACES);
    }
  }
}
