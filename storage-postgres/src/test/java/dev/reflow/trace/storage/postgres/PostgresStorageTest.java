package dev.reflow.trace.storage.postgres;

import static dev.reflow.trace.storage.postgres.TestTraces.trace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflow.trace.model.ExecutionStatus;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.Timestamp;
import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.StorageConnectionException;
import dev.reflow.trace.storage.TraceQuery;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.TraceWriteException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** PostgreSQL-specific behaviour, beyond the TCK: text PostgreSQL cannot hold, schema, batching, errors. */
class PostgresStorageTest {
  private final PostgresSchemas schemas =
      new PostgresSchemas(PostgresTestServer.postgres(), new PostgresStorageProvider(), "postgres");

  @AfterEach
  void cleanUp() {
    schemas.cleanUp();
  }

  @Test
  @DisplayName("U+0000 in flow ids and actor ids round-trips and filters exactly, without colliding with the escape")
  void store_nulCharacters_roundTripAndFilterExactly() {
    TraceStorage storage = schemas.open();
    FlowTrace nul = trace("a\u0000b", 1_000, "x\u0000y");
    FlowTrace escapeLookalike = trace("a\u0001\u0001b", 2_000, "\u0001\u0001");
    FlowTrace plain = trace("ab", 3_000, "\u0002z", "plain");
    storage.storeAll(List.of(nul, escapeLookalike, plain));

    assertThat(storage.get(nul.traceId())).contains(nul);
    assertThat(storage.get(escapeLookalike.traceId())).contains(escapeLookalike);
    assertThat(ids(storage.query(TraceQuery.builder().flowId("a\u0000b").build()))).containsExactly(nul.traceId());
    assertThat(ids(storage.query(TraceQuery.builder().flowId("a\u0001\u0001b").build())))
        .containsExactly(escapeLookalike.traceId());
    assertThat(ids(storage.query(TraceQuery.builder().actorFilter("\u0000").build()))).containsExactly(nul.traceId());
    assertThat(ids(storage.query(TraceQuery.builder().actorFilter("\u0001").build())))
        .containsExactly(escapeLookalike.traceId());
    // "\u0002" is also the second half of the escape for U+0001: only the raw one may match.
    assertThat(ids(storage.query(TraceQuery.builder().actorFilter("\u0002").build()))).containsExactly(plain.traceId());
    assertThat(ids(storage.query(TraceQuery.builder().actorFilter("\u0000y").limit(1).offset(0).build())))
        .containsExactly(nul.traceId());
    assertThat(storage.query(TraceQuery.builder().actorFilter("\u0001").offset(1).build())).isEmpty();
  }

  @Test
  @DisplayName("LIKE metacharacters and case in actor filters match literally and case-sensitively")
  void query_actorFilterMetacharacters_matchLiterally() {
    TraceStorage storage = schemas.open();
    FlowTrace percent = trace("f", 1_000, "load 50%");
    FlowTrace underscore = trace("f", 2_000, "a_b");
    FlowTrace backslash = trace("f", 3_000, "back\\slash");
    FlowTrace other = trace("f", 4_000, "load 500", "aXb", "Reader");
    storage.storeAll(List.of(percent, underscore, backslash, other));

    assertThat(ids(storage.query(TraceQuery.builder().actorFilter("%").build()))).containsExactly(percent.traceId());
    assertThat(ids(storage.query(TraceQuery.builder().actorFilter("a_b").build()))).containsExactly(underscore.traceId());
    assertThat(ids(storage.query(TraceQuery.builder().actorFilter("\\").build()))).containsExactly(backslash.traceId());
    assertThat(ids(storage.query(TraceQuery.builder().actorFilter("reader").build()))).isEmpty();
    assertThat(ids(storage.query(TraceQuery.builder().actorFilter("Reader").build()))).containsExactly(other.traceId());
  }

  @Test
  @DisplayName("storeAll is one transaction: a row the database rejects leaves nothing of the batch stored")
  void storeAll_databaseRejectsOneRow_storesNothing() throws SQLException {
    TraceStorage storage = schemas.open();
    FlowTrace before = trace("kept", 500, "a");
    storage.store(before);
    schemas.server().execute("ALTER TABLE " + schemas.lastSchema() + ".traces ADD CONSTRAINT no_poison CHECK (flow_id <> 'poison')");
    List<FlowTrace> batch = List.of(trace("ok", 1_000, "a"), trace("poison", 2_000, "b"), trace("ok", 3_000, "c"));

    assertThatThrownBy(() -> storage.storeAll(batch))
        .isInstanceOf(TraceWriteException.class)
        .hasMessageContaining("no_poison");
    assertThat(ids(storage.query(TraceQuery.all()))).containsExactly(before.traceId());
  }

  @Test
  @DisplayName("storeAll with a repeated id keeps the later trace; store replaces (upsert)")
  void storeAll_duplicateIds_laterWins() {
    TraceStorage storage = schemas.open();
    FlowTrace first = trace("f", 1_000, "a");
    FlowTrace second = first.withStatus(ExecutionStatus.failed("boom"), new Timestamp(1_001, 0));
    storage.storeAll(List.of(first, second));
    assertThat(storage.get(first.traceId())).contains(second);
    FlowTrace moved = second.withStartTime(new Timestamp(5_000, 0));
    storage.store(moved);
    assertThat(storage.query(TraceQuery.all())).containsExactly(moved);
  }

  @Test
  @DisplayName("Concurrent storeAll batches over the same ids in different orders neither deadlock nor fail")
  void storeAll_concurrentOverlappingBatches_noDeadlock() throws Exception {
    TraceStorage storage = schemas.open(Map.of("max_connections", 6));
    List<FlowTrace> traces = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      traces.add(trace("f", 1_000 + i, "a"));
    }
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
    try {
      List<java.util.concurrent.Callable<Void>> writers = new ArrayList<>();
      for (int w = 0; w < 6; w++) {
        java.util.Random random = new java.util.Random(w);
        writers.add(() -> {
          for (int round = 0; round < 8; round++) {
            List<FlowTrace> shuffled = new ArrayList<>(traces);
            java.util.Collections.shuffle(shuffled, random);
            storage.storeAll(shuffled);
          }
          return null;
        });
      }
      for (var f : pool.invokeAll(writers)) {
        f.get(); // rethrows a failed batch, e.g. "deadlock detected"
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(storage.stats().totalTraces()).isEqualTo(40);
  }

  @Test
  @DisplayName("Documents above compression_threshold are stored as zstd; -1 never compresses")
  void store_documentsAboveThreshold_compressed() throws SQLException {
    String[] actors = new String[200];
    for (int i = 0; i < actors.length; i++) {
      actors[i] = "actor-" + i;
    }
    FlowTrace big = trace("big", 1_000, actors);
    FlowTrace small = trace("small", 2_000);
    TraceStorage storage = schemas.open();
    storage.storeAll(List.of(big, small));
    assertThat(codec(schemas.lastSchema(), big.traceId())).isEqualTo("zstd+json");
    assertThat(codec(schemas.lastSchema(), small.traceId())).isEqualTo("json");
    assertThat(storage.get(big.traceId())).contains(big);

    TraceStorage never = schemas.open(Map.of("compression_threshold", -1));
    never.store(big);
    assertThat(codec(schemas.lastSchema(), big.traceId())).isEqualTo("json");
    assertThat(never.get(big.traceId())).contains(big);
  }

  @Test
  @DisplayName("Migration V2 converts a version-1 database: a 2,700-character flow id that its btree index refused "
      + "is stored after opening, and the traces already there are still found by flow")
  void open_version1Database_migratesFlowIndexForLongFlowIds() throws SQLException {
    StorageConfig config = schemas.newConfig(Map.of());
    String schema = schemas.lastSchema();
    var url = dev.reflow.trace.storage.postgres.internal.PgConnectionUrl.parse(schemas.server().connectionUrl());
    org.flywaydb.core.Flyway.configure()
        .dataSource(url.jdbcUrl(), url.user().orElse(null), url.password().orElse(null))
        .schemas(schema).defaultSchema(schema).createSchemas(true)
        .locations(PostgresStorageProvider.MIGRATIONS).table("flyway_schema_history").target("1")
        .load().migrate();
    // Random letters: PostgreSQL compresses a long index entry, so a repetitive id would fit.
    java.util.Random random = new java.util.Random(2_700);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 2_700; i++) {
      text.append((char) ('a' + random.nextInt(26)));
    }
    String longFlow = text.append("\u00e9").toString();
    String insert = "INSERT INTO " + schema + ".traces (trace_id, flow_id, execution_id, start_time, status, "
        + "event_count, size_bytes, actors, codec, doc) VALUES (gen_random_uuid(), ?, gen_random_uuid(), now(), "
        + "'Completed', 0, 0, '', 'json', '\\x7b7d')";
    try (Connection c = schemas.server().connect(); PreparedStatement ps = c.prepareStatement(insert)) {
      ps.setString(1, longFlow);
      assertThatThrownBy(ps::executeUpdate).as("version 1 indexes the whole flow id")
          .hasMessageContaining("index row size");
    }
    schemas.server().execute("DELETE FROM " + schema + ".traces");

    TraceStorage storage = schemas.open(config);
    FlowTrace longOne = trace(longFlow, 2_000, "a");
    FlowTrace shortOne = trace("orders", 1_000, "a");
    storage.storeAll(List.of(longOne, shortOne));
    assertThat(ids(storage.query(TraceQuery.builder().flowId(longFlow).build()))).containsExactly(longOne.traceId());
    assertThat(ids(storage.query(TraceQuery.builder().flowId("orders").build()))).containsExactly(shortOne.traceId());
    try (Connection c = schemas.server().connect();
        PreparedStatement ps = c.prepareStatement("SELECT indexname FROM pg_indexes WHERE schemaname = ? "
            + "AND tablename = 'traces' AND indexname LIKE 'traces_flow%'")) {
      ps.setString(1, schema);
      List<String> names = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          names.add(rs.getString(1));
        }
      }
      assertThat(names).containsExactly("traces_flow_id_prefix_idx");
    }
    String plan = explain(schema, TraceQuery.builder().flowId("orders").limit(10).build());
    assertThat(plan).as("the flow query still uses the (prefix) index").contains("traces_flow_id_prefix_idx");
  }

  @Test
  @DisplayName("explain (public diagnostics) plans the statement query runs on the configured schema, "
      + "shows no query value and changes nothing")
  void explain_plansQueryStatementOnSchema() {
    StorageConfig config = schemas.newConfig(Map.of());
    TraceStorage storage = schemas.open(config);
    FlowTrace t = trace("orders", 1_000, "a");
    storage.store(t);
    PostgresSettings settings = PostgresSettings.from(config.section(PostgresStorageProvider.NAME));
    var explained = PostgresStorageProvider.explain(settings,
        TraceQuery.builder().flowId("secret-flow-name").limit(10).build());
    assertThat(explained.sql()).startsWith("SELECT").contains("flow_id").doesNotContain("secret-flow-name");
    assertThat(explained.plan()).isNotEmpty();
    assertThat(String.join("\n", explained.plan())).contains("Limit").contains("on traces");
    assertThat(ids(storage.query(TraceQuery.all()))).containsExactly(t.traceId());

    PostgresSettings missing = PostgresSettings.from(
        schemas.newConfig(Map.of("schema", "no_such_schema")).section(PostgresStorageProvider.NAME));
    assertThatThrownBy(() -> PostgresStorageProvider.explain(missing, TraceQuery.all()))
        .isInstanceOf(dev.reflow.trace.storage.TraceQueryException.class).hasMessageContaining("no_such_schema");
  }

  private String explain(String schema, TraceQuery query) throws SQLException {
    var statement = dev.reflow.trace.storage.postgres.internal.PgTraceStorage.queryStatement(
        "\"" + schema + "\".\"traces\"", query);
    String sql = statement.sql();
    List<Object> values = new ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(":([a-z_]+)").matcher(sql);
    StringBuilder jdbc = new StringBuilder();
    while (m.find()) {
      values.add(statement.bindings().get(m.group(1)));
      m.appendReplacement(jdbc, "?");
    }
    m.appendTail(jdbc);
    try (Connection c = schemas.server().connect(); Statement off = c.createStatement()) {
      off.execute("SET enable_seqscan = off");
      try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + jdbc)) {
        for (int i = 0; i < values.size(); i++) {
          ps.setObject(i + 1, values.get(i));
        }
        StringBuilder plan = new StringBuilder();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            plan.append(rs.getString(1)).append('\n');
          }
        }
        return plan.toString();
      }
    }
  }

  @Test
  @DisplayName("The table and Flyway's history live in the configured schema")
  void open_schema_holdsTablesAndHistory() throws SQLException {
    schemas.open();
    try (Connection c = schemas.server().connect();
        PreparedStatement ps = c.prepareStatement(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = ? ORDER BY table_name")) {
      ps.setString(1, schemas.lastSchema());
      List<String> tables = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      assertThat(tables).containsExactly("flyway_schema_history", "traces");
    }
  }

  @Test
  @DisplayName("Times before 4713 BC, which timestamptz cannot hold, are still stored and read back exactly")
  void store_timeBeforePostgresRange_roundTrips() {
    TraceStorage storage = schemas.open();
    FlowTrace ancient = trace("f", -300_000_000_000L, "a");
    FlowTrace modern = trace("f", 1_000, "a");
    storage.storeAll(List.of(ancient, modern));
    assertThat(storage.get(ancient.traceId())).contains(ancient);
    assertThat(ids(storage.query(TraceQuery.all()))).containsExactly(modern.traceId(), ancient.traceId());
  }

  @Test
  @DisplayName("stats gives exact (nanosecond) oldest and newest start times and names the schema")
  void stats_edges_exact() {
    TraceStorage storage = schemas.open();
    storage.storeAll(List.of(trace("f", new Timestamp(1_000, 123_456_789), ExecutionStatus.RUNNING, "a"),
        trace("f", new Timestamp(1_000, 123_456_001), ExecutionStatus.RUNNING, "a", "b"),
        trace("f", new Timestamp(2_000, 999), ExecutionStatus.RUNNING)));
    var stats = storage.stats();
    assertThat(stats.totalTraces()).isEqualTo(3);
    assertThat(stats.totalEvents()).isEqualTo(3);
    assertThat(stats.oldestTraceTimestamp()).isEqualTo(Instant.ofEpochSecond(1_000, 123_456_001));
    assertThat(stats.newestTraceTimestamp()).isEqualTo(Instant.ofEpochSecond(2_000, 999));
    assertThat(stats.storageSizeBytes()).isPositive();
    assertThat(stats.details()).containsEntry("schema", schemas.lastSchema());
  }

  @Test
  @DisplayName("A server that is not listening fails the open with a connection error that hides the password")
  void open_nothingListening_connectionExceptionWithoutPassword() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    StorageConfig config = StorageConfig.fromMap(Map.of(
        "storage.postgres.connection_url", "postgresql://reflow:hunter2@127.0.0.1:" + port + "/db",
        "storage.postgres.acquire_timeout_secs", "1"));
    long start = System.nanoTime();
    assertThatThrownBy(() -> new PostgresStorageProvider().create(config))
        .isInstanceOf(StorageConnectionException.class)
        .hasMessageContaining("jdbc:postgresql://127.0.0.1:" + port + "/db")
        .hasMessageContaining("storage.postgres.connection_url")
        .hasMessageNotContaining("hunter2")
        .satisfies(e -> assertThat(String.valueOf(e.getCause())).doesNotContain("hunter2"));
    assertThat((System.nanoTime() - start) / 1_000_000_000.0).as("seconds to fail").isLessThan(15);
  }

  @Test
  @DisplayName("A database that does not exist fails the open with a connection error naming the server's reason")
  void open_missingDatabase_connectionException() {
    String url = schemas.server().connectionUrl();
    String wrongDb = url.replaceFirst("/postgres(\\?|$)", "/no_such_db$1");
    StorageConfig config = StorageConfig.fromMap(Map.of("storage.postgres.connection_url", wrongDb,
        "storage.postgres.acquire_timeout_secs", "1"));
    org.junit.jupiter.api.Assumptions.assumeTrue(!wrongDb.equals(url), "the test server's URL does not name database postgres");
    assertThatThrownBy(() -> new PostgresStorageProvider().create(config))
        .isInstanceOf(StorageConnectionException.class)
        .hasMessageContaining("no_such_db");
  }

  private String codec(String schema, TraceId id) throws SQLException {
    try (Connection c = schemas.server().connect();
        PreparedStatement ps = c.prepareStatement("SELECT codec FROM " + schema + ".traces WHERE trace_id = ?")) {
      ps.setObject(1, id.value());
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).as("row for %s", id).isTrue();
        return rs.getString(1);
      }
    }
  }

  static List<TraceId> ids(List<FlowTrace> traces) {
    return traces.stream().map(FlowTrace::traceId).toList();
  }
}
