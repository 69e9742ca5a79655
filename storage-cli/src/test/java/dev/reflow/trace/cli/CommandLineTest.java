package dev.reflow.trace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflow.trace.cli.demo.SyntheticTraces;
import dev.reflow.trace.json.TraceJson;
import dev.reflow.trace.model.ExecutionStatus;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.storage.StorageConfigurationException;
import dev.reflow.trace.storage.StorageConnectionException;
import dev.reflow.trace.storage.TraceQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing, exit status, configuration and output of the commands, in-process on the memory backend. */
class CommandLineTest {
  private static final String ABSENT = "00000000-0000-4000-8000-000000000000";

  private KeptMemoryStorage storage;
  private Cli cli;
  private List<FlowTrace> traces;

  @BeforeEach
  void setUp() {
    storage = new KeptMemoryStorage();
    cli = storage.cli();
    traces = new SyntheticTraces(7, Cli.NOW, Duration.ofDays(7)).next(40);
    traces.forEach(storage::store);
  }

  @Test
  @DisplayName("no subcommand prints the usage on stderr and exits 2")
  void noArguments_printsUsage_exits2() {
    Cli.Result r = cli.run();
    assertThat(r.status()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("Usage: reflow-trace").contains("import").contains("demo");
    assertThat(r.out()).isEmpty();
  }

  @Test
  @DisplayName("an unknown subcommand is a one-line usage error with a suggestion")
  void unknownSubcommand_exits2() {
    Cli.Result r = cli.run("qurey");
    assertThat(r.status()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).startsWith("reflow-trace: Unmatched argument at index 0: 'qurey'").contains("query");
    assertThat(cli.opened).isEmpty();
  }

  @Test
  @DisplayName("get of a malformed id exits 2 without opening the storage")
  void get_invalidUuid_exits2() {
    Cli.Result r = cli.run("get", "not-a-uuid");
    assertThat(r.status()).as(r.toString()).isEqualTo(2);
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err()).startsWith("reflow-trace get: Invalid value for positional parameter at index 0 (TRACE_ID)")
        .contains("not-a-uuid");
    assertThat(cli.opened).isEmpty();
  }

  @Test
  @DisplayName("get of an unknown id says so on stderr and exits 1")
  void get_unknownId_exits1() {
    Cli.Result r = cli.run("get", ABSENT);
    assertThat(r.status()).as(r.toString()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("reflow-trace get: no trace " + ABSENT + " in kept-memory\n");
    assertThat(storage.closed).as("storage closed after the command").isTrue();
  }

  @Test
  @DisplayName("delete removes a trace (exit 0) and reports an absent one (exit 1)")
  void delete_presentAndAbsent() {
    String id = traces.get(3).traceId().toString();
    Cli.Result first = cli.run("delete", id);
    assertThat(first.status()).as(first.toString()).isZero();
    assertThat(first.out()).isEqualTo("deleted " + id + "\n");
    assertThat(storage.traces()).doesNotContainKey(traces.get(3).traceId());

    Cli.Result second = cli.run("delete", id.toUpperCase());
    assertThat(second.status()).as(second.toString()).isEqualTo(1);
    assertThat(second.err()).contains("no trace " + id);
  }

  @Test
  @DisplayName("query prints an aligned table in the normative order with a count")
  void query_table() {
    Cli.Result r = cli.run("query", "--limit", "5");
    assertThat(r.status()).as(r.toString()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0)).matches("TRACE ID {30}FLOW +STATUS +START \\(UTC\\) +DURATION  EVENTS");
    List<FlowTrace> expected = traces.stream().sorted(TraceQuery.ORDER).limit(5).toList();
    for (int i = 0; i < 5; i++) {
      FlowTrace t = expected.get(i);
      assertThat(lines.get(i + 1)).as("row %d", i).startsWith(t.traceId() + "  " + t.flowId())
          .contains(" " + t.status().variantName() + " ")
          .endsWith(" " + t.events().size());
      assertThat(lines.get(i + 1).length()).as("rows are aligned to the header").isEqualTo(lines.get(0).length());
    }
    assertThat(lines.get(6)).isEqualTo("5 traces (limit reached: --limit, --offset or --all for more)");
  }

  @Test
  @DisplayName("query options become one TraceQuery; relative ages count back from now")
  void query_optionsBuildQuery() {
    String exec = traces.get(0).executionId().toString();
    Cli.Result r = cli.run("query", "--flow", "payment_settlement", "--execution", exec, "--status", "FAILED",
        "--actor", "fraud", "--since", "2h", "--until", "2026-03-15T11:30:00+01:00", "--limit", "7", "--offset", "3");
    assertThat(r.status()).as(r.toString()).isZero();
    TraceQuery q = storage.queries.get(0);
    assertThat(q.flowId().value()).isEqualTo("payment_settlement");
    assertThat(q.executionId().toString()).isEqualTo(exec);
    assertThat(q.statusKind()).isEqualTo(ExecutionStatus.Kind.FAILED);
    assertThat(q.actorFilter()).isEqualTo("fraud");
    assertThat(q.from()).isEqualTo(Cli.NOW.minus(Duration.ofHours(2)));
    assertThat(q.to()).isEqualTo(Instant.parse("2026-03-15T10:30:00Z"));
    assertThat(q.limit()).isEqualTo(7);
    assertThat(q.offset()).isEqualTo(3);
  }

  @Test
  @DisplayName("query without --limit is capped at 100; --all lifts the cap")
  void query_defaultLimitAndAll() {
    cli.run("query");
    cli.run("query", "--all");
    assertThat(storage.queries.get(0).limit()).isEqualTo(QueryCommand.DEFAULT_LIMIT);
    assertThat(storage.queries.get(1).limit()).isNull();
  }

  @Test
  @DisplayName("query with every age unit: 90s, 15m, 2h, 7d")
  void query_relativeAges() {
    for (Map.Entry<String, Duration> e : Map.of("90s", Duration.ofSeconds(90), "15m", Duration.ofMinutes(15),
        "2h", Duration.ofHours(2), "7d", Duration.ofDays(7)).entrySet()) {
      storage.queries.clear();
      Cli.Result r = cli.run("query", "--since", e.getKey());
      assertThat(r.status()).as(r.toString()).isZero();
      assertThat(storage.queries.get(0).from()).as(e.getKey()).isEqualTo(Cli.NOW.minus(e.getValue()));
    }
  }

  @Test
  @DisplayName("query filters apply: only failed traces of the last day are listed")
  void query_filtersApply() {
    Cli.Result r = cli.run("query", "--status", "failed", "--since", "1d", "--all");
    long expected = traces.stream().filter(t -> t.status().kind() == ExecutionStatus.Kind.FAILED)
        .filter(t -> !t.startTime().toInstant().isBefore(Cli.NOW.minus(Duration.ofDays(1)))).count();
    assertThat(r.status()).as(r.toString()).isZero();
    if (expected == 0) {
      assertThat(r.out()).isEqualTo("no traces match\n");
    } else {
      assertThat(r.out().lines().skip(1).filter(l -> l.contains(" Failed ")).count()).isEqualTo(expected);
    }
  }

  @Test
  @DisplayName("bad time arguments are usage errors that name the option, and open nothing")
  void query_badTimes_exit2() {
    Cli.Result garbage = cli.run("query", "--since", "yesterday");
    assertThat(garbage.status()).as(garbage.toString()).isEqualTo(2);
    assertThat(garbage.err()).isEqualTo("reflow-trace query: Invalid value for option '--since': \"yesterday\" is "
        + "neither an RFC 3339 timestamp (2026-03-14T09:00:00Z) nor an age such as 90s, 15m, 2h or 7d\n");

    Cli.Result inverted = cli.run("query", "--since", "1h", "--until", "2h");
    assertThat(inverted.status()).as(inverted.toString()).isEqualTo(2);
    assertThat(inverted.err()).contains("is after its end");

    Cli.Result negative = cli.run("query", "--limit", "-1");
    assertThat(negative.status()).as(negative.toString()).isEqualTo(2);
    assertThat(negative.err()).contains("limit must not be negative");

    Cli.Result status = cli.run("query", "--status", "done");
    assertThat(status.status()).as(status.toString()).isEqualTo(2);
    assertThat(status.err()).contains("expected one of Pending, Running, Completed, Failed, Cancelled");
    assertThat(cli.opened).isEmpty();
  }

  @Test
  @DisplayName("prune deletes before now minus the age and prints the count")
  void prune_deletesOlder() {
    long expected = traces.stream().filter(t -> t.startTime().toInstant().isBefore(Cli.NOW.minus(Duration.ofDays(3)))).count();
    Cli.Result r = cli.run("prune", "--older-than", "3d");
    assertThat(r.status()).as(r.toString()).isZero();
    assertThat(storage.pruneCutoffs).containsExactly(Cli.NOW.minus(Duration.ofDays(3)));
    assertThat(r.out()).isEqualTo("deleted " + expected + " traces that started before 2026-03-12T12:00:00Z (older than 3d)\n");
    assertThat(storage.traces()).hasSize(40 - (int) expected);
  }

  @Test
  @DisplayName("prune without a valid age is a usage error")
  void prune_badAge_exit2() {
    assertThat(cli.run("prune").status()).isEqualTo(2);
    Cli.Result r = cli.run("prune", "--older-than", "soon");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).startsWith("reflow-trace prune: Invalid value for option '--older-than': \"soon\" is not an age");
    assertThat(storage.pruneCutoffs).isEmpty();
  }

  @Test
  @DisplayName("stats prints a table, and one JSON object with --json")
  void stats_tableAndJson() {
    Cli.Result table = cli.run("stats");
    assertThat(table.status()).as(table.toString()).isZero();
    long events = traces.stream().mapToLong(t -> t.events().size()).sum();
    // The memory backend counts a trace's size as the length of its Reflow JSON.
    long bytes = traces.stream().mapToLong(t -> TraceJson.writeBytes(t).length).sum();
    assertThat(table.out()).containsPattern("(?m)^backend +kept-memory$").containsPattern("(?m)^traces +40$")
        .containsPattern("(?m)^events +" + String.format("%,d", events) + "$")
        .containsPattern("(?m)^storage size +.* \\(" + String.format("%,d", bytes) + " bytes\\)$")
        .containsPattern("(?m)^eviction_policy +lru$");

    Cli.Result json = cli.run("stats", "--json");
    assertThat(json.status()).as(json.toString()).isZero();
    assertThat(json.out()).startsWith("{\"backend\":\"kept-memory\",\"total_traces\":40,\"total_events\":" + events
        + ",\"storage_size_bytes\":" + bytes + ",\"oldest_trace_timestamp\":\"")
        .contains(",\"details\":{").contains("\"eviction_policy\":\"lru\"").endsWith("}}\n");
  }

  @Test
  @DisplayName("a storage failure is one redacted line and exit 1; --verbose adds the stack trace")
  void storageFailure_exit1_redacted() {
    storage.failWith = new StorageConnectionException("Could not connect to postgresql://app:hunter2@db:5432/traces",
        new java.net.ConnectException("Connection refused"));
    Cli.Result r = cli.run("stats");
    assertThat(r.status()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("reflow-trace stats: Could not connect to postgresql://app:****@db:5432/traces\n");

    Cli.Result verbose = cli.run("stats", "--verbose");
    assertThat(verbose.status()).isEqualTo(1);
    assertThat(verbose.err()).contains("StorageConnectionException").contains("at dev.reflow.trace.cli.")
        .contains("Caused by: java.net.ConnectException");
  }

  @Test
  @DisplayName("a configuration error is exit 2")
  void configurationError_exit2() {
    cli.opener = config -> {
      throw new StorageConfigurationException("Unrecognized value for storage.backend: \"foo\". Available backends: [sqlite]");
    };
    Cli.Result r = cli.run("stats", "-D", "storage.backend=foo");
    assertThat(r.status()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("reflow-trace stats: Unrecognized value for storage.backend: \"foo\". Available backends: [sqlite]\n");
  }

  @Test
  @DisplayName("with nothing configured the backend is sqlite at ./reflow-traces.db")
  void config_defaults() {
    cli.run("stats");
    assertThat(cli.opened.get(0).asMap()).containsEntry("storage.backend", "sqlite")
        .containsEntry("storage.sqlite.database_path", "./reflow-traces.db");
  }

  @Test
  @DisplayName("precedence: -D over system properties over environment over file over defaults")
  void config_precedence(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("reflow_tracing.toml");
    Files.writeString(file, "[storage]\nbackend = \"sqlite\"\n\n[storage.sqlite]\ndatabase_path = \"from-file.db\"\n"
        + "cache_size = 100\nwal_mode = false\nbusy_timeout_ms = 7\n");
    cli.environment = Map.of("STORAGE_SQLITE_CACHE_SIZE", "200", "STORAGE_SQLITE_WAL_MODE", "true",
        "STORAGE_SQLITE_DATABASE_PATH", "from-env.db");
    cli.systemProperties = Map.of("storage.sqlite.cache_size", "300", "storage.sqlite.database_path", "from-sys.db",
        "user.home", "/irrelevant");
    // Options after the subcommand: they are inherited from the top-level command.
    Cli.Result r = cli.run("stats", "--config", file.toString(), "-D", "storage.sqlite.database_path=from-d.db");
    assertThat(r.status()).as(r.toString()).isZero();
    assertThat(cli.opened.get(0).asMap())
        .containsEntry("storage.backend", "sqlite")
        .containsEntry("storage.sqlite.database_path", "from-d.db")
        .containsEntry("storage.sqlite.cache_size", "300")
        .containsEntry("storage.sqlite.wal_mode", "true")
        .containsEntry("storage.sqlite.busy_timeout_ms", "7")
        .doesNotContainKey("user.home");

    cli.opened.clear();
    Cli.Result before = cli.run("-D", "storage.backend=memory", "--config", file.toString(), "stats");
    assertThat(before.status()).as(before.toString()).isZero();
    assertThat(cli.opened.get(0).asMap()).containsEntry("storage.backend", "memory")
        .containsEntry("storage.sqlite.database_path", "from-sys.db");
  }

  @Test
  @DisplayName("-D with a key outside storage.* and a missing --config file are usage errors")
  void config_badInput_exit2() {
    Cli.Result key = cli.run("-D", "backend=sqlite", "stats");
    assertThat(key.status()).as(key.toString()).isEqualTo(2);
    assertThat(key.err()).contains("Unknown configuration key -D backend");

    Cli.Result file = cli.run("--config", "/nonexistent/reflow.toml", "stats");
    assertThat(file.status()).as(file.toString()).isEqualTo(2);
    assertThat(file.err()).isEqualTo("reflow-trace stats: Configuration file not found: /nonexistent/reflow.toml\n");
    assertThat(cli.opened).isEmpty();
  }

  @Test
  @DisplayName("backends lists the providers on the class path and marks the selected one")
  void backends_listsProviders() {
    Cli.Result r = Cli.real().run("backends");
    assertThat(r.status()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("NAME").contains("dev.reflow.trace:storage-sqlite")
        .containsPattern("(?m)^sqlite \\*  ").contains("* selected by storage.backend=sqlite");
  }
}
