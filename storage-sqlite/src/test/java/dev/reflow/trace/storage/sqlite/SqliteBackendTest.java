package dev.reflow.trace.storage.sqlite;

import static dev.reflow.trace.storage.sqlite.TestTraces.BASE;
import static dev.reflow.trace.storage.sqlite.TestTraces.trace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflow.trace.model.ExecutionStatus;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.Timestamp;
import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.storage.StorageClosedException;
import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.StorageConnectionException;
import dev.reflow.trace.storage.StorageStats;
import dev.reflow.trace.storage.TraceQuery;
import dev.reflow.trace.storage.TraceQueryException;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.TraceWriteException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What is particular to this backend: the file, the codec column, SQLite's errors. */
class SqliteBackendTest {
  @TempDir Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private TraceStorage storage(Path file, Map<String, ?> extra) {
    Map<String, Object> keys = new java.util.HashMap<>(extra);
    keys.put("storage.sqlite.database_path", file.toString());
    TraceStorage s = new SqliteStorageProvider().create(StorageConfig.fromMap(keys));
    open.add(s);
    return s;
  }

  private Handle raw(Path file) {
    Handle h = Jdbi.open("jdbc:sqlite:" + file);
    open.add(h);
    return h;
  }

  private static TraceId id(long n) {
    return TraceId.of(new UUID(0x1000_0000_0000_4000L, 0x8000_0000_0000_0000L | n));
  }

  @Test
  @DisplayName("Documents above compression_threshold are stored as zstd+json, others as json, and both read back")
  void store_aroundThreshold_switchesCodecAndReadsBoth() {
    Path file = dir.resolve("codec.db");
    TraceStorage s = storage(file, Map.of("storage.sqlite.compression_threshold", "2000"));
    FlowTrace small = trace(id(1), "f", ExecutionStatus.COMPLETED, BASE, 0, "a");
    FlowTrace large = trace(id(2), "f", ExecutionStatus.COMPLETED, BASE, 5000, "a");
    s.storeAll(List.of(small, large));

    Handle raw = raw(file);
    Map<String, Object> smallRow = raw.createQuery("SELECT codec, size, length(doc) AS len FROM traces WHERE trace_id = :id")
        .bind("id", id(1).toString()).mapToMap().one();
    Map<String, Object> largeRow = raw.createQuery("SELECT codec, size, length(doc) AS len FROM traces WHERE trace_id = :id")
        .bind("id", id(2).toString()).mapToMap().one();
    assertThat(smallRow).containsEntry("codec", "json");
    assertThat(((Number) smallRow.get("size")).intValue()).isLessThanOrEqualTo(2000)
        .isEqualTo(((Number) smallRow.get("len")).intValue());
    assertThat(largeRow).containsEntry("codec", "zstd+json");
    assertThat(((Number) largeRow.get("size")).intValue()).isGreaterThan(2000)
        .isGreaterThan(((Number) largeRow.get("len")).intValue());

    assertThat(s.get(small.traceId())).contains(small);
    assertThat(s.get(large.traceId())).contains(large);
    assertThat(s.stats().details()).containsEntry("compressed_documents", "1");

    // Rows keep the codec they were written with: a store that never compresses still reads both.
    s.close();
    TraceStorage never = storage(file, Map.of("storage.sqlite.compression_threshold", "-1"));
    FlowTrace large2 = trace(id(3), "f", ExecutionStatus.COMPLETED, BASE, 5000, "a");
    never.store(large2);
    assertThat(never.query(TraceQuery.builder().flowId("f").build()))
        .containsExactly(small, large, large2);
    assertThat(raw.createQuery("SELECT codec FROM traces WHERE trace_id = :id").bind("id", id(3).toString())
        .mapTo(String.class).one()).isEqualTo("json");
  }

  @Test
  @DisplayName("The actor filter is case-sensitive and treats % and _ literally (no LIKE)")
  void query_actorFilter_isCaseSensitiveAndLiteral() {
    TraceStorage s = storage(dir.resolve("actors.db"), Map.of());
    FlowTrace upper = trace(1, "f", ExecutionStatus.COMPLETED, BASE, "OrderValidator", "sink");
    FlowTrace lower = trace(2, "f", ExecutionStatus.COMPLETED, new Timestamp(BASE.epochSecond() - 1, 0), "ordervalidator");
    FlowTrace percent = trace(3, "f", ExecutionStatus.COMPLETED, new Timestamp(BASE.epochSecond() - 2, 0), "discount_50%");
    s.storeAll(List.of(upper, lower, percent));

    assertThat(s.query(TraceQuery.builder().actorFilter("Validator").build())).containsExactly(upper);
    assertThat(s.query(TraceQuery.builder().actorFilter("validator").build())).containsExactly(lower);
    assertThat(s.query(TraceQuery.builder().actorFilter("VALIDATOR").build())).isEmpty();
    assertThat(s.query(TraceQuery.builder().actorFilter("_50%").build())).containsExactly(percent);
    assertThat(s.query(TraceQuery.builder().actorFilter("%").build())).containsExactly(percent);
    assertThat(s.query(TraceQuery.builder().actorFilter("Order_alidator").build())).isEmpty();
    assertThat(s.query(TraceQuery.builder().actorFilter("").build())).containsExactly(upper, lower, percent);
  }

  @Test
  @DisplayName("The actor filter matches NUL and non-ASCII exactly as String.contains does; half a surrogate pair "
      + "is refused when the query is built")
  void query_actorFilterWithNulAndUnicode_matchesLikeJava() {
    TraceStorage s = storage(dir.resolve("actors-nul.db"), Map.of());
    FlowTrace nul = trace(1, "f", ExecutionStatus.COMPLETED, BASE, "left\u0000right");
    FlowTrace accents = trace(2, "f", ExecutionStatus.COMPLETED, new Timestamp(BASE.epochSecond() - 1, 0), "Überprüfer-\uD83D\uDE80");
    FlowTrace empty = trace(3, "f", ExecutionStatus.COMPLETED, new Timestamp(BASE.epochSecond() - 2, 0), "");
    s.storeAll(List.of(nul, accents, empty));
    for (String filter : List.of("\u0000", "\u0000right", "left\u0000r", "right", "left", "Über", "über", "\uD83D\uDE80",
        "r-\uD83D\uDE80", "", "x")) {
      List<FlowTrace> expected = List.of(nul, accents, empty).stream().filter(t -> t.hasActorContaining(filter)).toList();
      assertThat(s.query(TraceQuery.builder().actorFilter(filter).build()))
          .as("actor filter %s", filter.codePoints().mapToObj(Integer::toHexString).toList())
          .containsExactlyElementsOf(expected);
    }
    // Half a pair has no UTF-8 form: SQLite (and PostgreSQL, MongoDB) would search for '?' or
    // fail, so such a filter never reaches a backend.
    for (String half : List.of("-\uD83D", "\uDE80", "\uD83D")) {
      assertThatThrownBy(() -> TraceQuery.builder().actorFilter(half).build())
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unpaired surrogate");
    }
    assertThatThrownBy(() -> TraceQuery.builder().flowId("a\uD800b").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("flow id filter holds an unpaired surrogate U+D800");
  }

  @Test
  @DisplayName("Data stored before close is there after reopening the file")
  void reopen_afterClose_keepsData() {
    Path file = dir.resolve("reopen.db");
    TraceStorage first = storage(file, Map.of());
    FlowTrace a = trace(1, "orders", ExecutionStatus.failed("boom"), BASE, "x");
    FlowTrace b = trace(2, "orders", ExecutionStatus.RUNNING, BASE, "y");
    first.storeAll(List.of(a, b));
    first.delete(b.traceId());
    first.close();

    TraceStorage second = storage(file, Map.of());
    assertThat(second.get(a.traceId())).contains(a);
    assertThat(second.get(b.traceId())).as("deleted trace stays deleted").isEmpty();
    assertThat(second.query(TraceQuery.builder().status(ExecutionStatus.Kind.FAILED).build())).containsExactly(a);
  }

  @Test
  @DisplayName("A batch that fails on its third row leaves nothing of itself and the earlier data intact")
  void storeAll_failingRow_storesNothing() {
    Path file = dir.resolve("atomic.db");
    TraceStorage s = storage(file, Map.of());
    FlowTrace before = trace(1, "keep", ExecutionStatus.COMPLETED, BASE, "x");
    s.store(before);
    // A trigger makes SQLite itself refuse one row in the middle of the batch.
    raw(file).execute("CREATE TRIGGER refuse_poison BEFORE INSERT ON traces WHEN NEW.flow_id = 'poison' "
        + "BEGIN SELECT RAISE(ABORT, 'poison row refused by test trigger'); END");

    List<FlowTrace> batch = List.of(
        trace(1, "replaced", ExecutionStatus.COMPLETED, BASE, "x"),
        trace(2, "new", ExecutionStatus.COMPLETED, BASE, "y"),
        trace(3, "poison", ExecutionStatus.COMPLETED, BASE, "z"),
        trace(4, "new", ExecutionStatus.COMPLETED, BASE, "w"));
    assertThatThrownBy(() -> s.storeAll(batch))
        .isInstanceOf(TraceWriteException.class)
        .hasMessageStartingWith("Could not store a batch of 4 traces [" + id(1) + ", " + id(2) + ", " + id(3)
            + " and 1 more], none of them stored (" + file + "): ")
        .hasMessageContaining("poison row refused by test trigger");

    assertThat(s.query(TraceQuery.all())).as("only the trace stored before the failed batch").containsExactly(before);
    assertThat(raw(file).createQuery("SELECT count(*) FROM trace_actors").mapTo(Integer.class).one()).isEqualTo(1);
    // The storage is still usable after the rollback.
    s.store(batch.get(1));
    assertThat(s.get(batch.get(1).traceId())).contains(batch.get(1));
  }

  @Test
  @DisplayName("In a batch, the last occurrence of an id wins and actor rows follow it")
  void storeAll_duplicateIds_lastWins() {
    Path file = dir.resolve("dups.db");
    TraceStorage s = storage(file, Map.of());
    FlowTrace first = trace(1, "one", ExecutionStatus.RUNNING, BASE, "alpha");
    FlowTrace last = trace(1, "two", ExecutionStatus.COMPLETED, BASE, "beta", "gamma");
    s.storeAll(List.of(first, trace(2, "x", ExecutionStatus.RUNNING, BASE, "q"), last));
    assertThat(s.get(id(1))).contains(last);
    assertThat(s.query(TraceQuery.builder().actorFilter("alpha").build())).isEmpty();
    assertThat(raw(file).createQuery("SELECT actor_id FROM trace_actors WHERE trace_id = :id ORDER BY actor_id")
        .bind("id", id(1).toString()).mapTo(String.class).list()).containsExactly("beta", "gamma");
  }

  @Test
  @DisplayName("Deleting a trace removes its actor rows in the same transaction")
  void delete_trace_removesActorRows() {
    Path file = dir.resolve("delete.db");
    TraceStorage s = storage(file, Map.of());
    s.store(trace(1, "f", ExecutionStatus.COMPLETED, BASE, "a", "b", "a"));
    Handle raw = raw(file);
    assertThat(raw.createQuery("SELECT count(*) FROM trace_actors").mapTo(Integer.class).one()).isEqualTo(2);
    assertThat(s.delete(id(1))).isTrue();
    assertThat(s.delete(id(1))).isFalse();
    assertThat(raw.createQuery("SELECT count(*) FROM trace_actors").mapTo(Integer.class).one()).isZero();
  }

  @Test
  @DisplayName("deleteOlderThan removes start_time < cutoff at microsecond precision and counts them")
  void deleteOlderThan_boundary_isExclusiveAtMicros() {
    TraceStorage s = storage(dir.resolve("retention.db"), Map.of());
    Timestamp cutoff = BASE;
    s.storeAll(List.of(
        trace(1, "f", ExecutionStatus.COMPLETED, Timestamp.ofEpochMicros(cutoff.epochMicros() - 1), "a"),
        trace(2, "f", ExecutionStatus.COMPLETED, new Timestamp(cutoff.epochSecond(), cutoff.nanos() + 999), "a"),
        trace(3, "f", ExecutionStatus.COMPLETED, Timestamp.ofEpochMicros(cutoff.epochMicros() + 1), "a")));
    // 999 ns past the cutoff is the same microsecond: not older.
    assertThat(s.deleteOlderThan(cutoff.toInstant())).isEqualTo(1);
    assertThat(s.get(id(1))).isEmpty();
    assertThat(s.query(TraceQuery.all())).hasSize(2);
    assertThat(s.deleteOlderThan(Instant.parse("2000-01-01T00:00:00Z"))).isZero();
  }

  @Test
  @DisplayName("stats counts traces and events, spans start times, and sizes the file as page_count * page_size")
  void stats_afterStores_reportsCountsAndSizes() {
    TraceStorage s = storage(dir.resolve("stats.db"), Map.of());
    assertThat(s.stats().totalTraces()).isZero();
    assertThat(s.stats().oldestTraceTimestamp()).isNull();
    Timestamp old = Timestamp.parse("2026-01-01T00:00:00.123456789Z");
    s.storeAll(List.of(trace(1, "f", ExecutionStatus.COMPLETED, old, "a", "b", "c"),
        trace(2, "f", ExecutionStatus.COMPLETED, BASE, "a")));
    StorageStats st = s.stats();
    assertThat(st.totalTraces()).isEqualTo(2);
    assertThat(st.totalEvents()).isEqualTo(4);
    assertThat(st.oldestTraceTimestamp()).isEqualTo(Instant.parse("2026-01-01T00:00:00.123456Z"));
    assertThat(st.newestTraceTimestamp()).isEqualTo(BASE.toInstant());
    long pages = Long.parseLong(st.details().get("page_count"));
    long pageSize = Long.parseLong(st.details().get("page_size"));
    assertThat(st.storageSizeBytes()).isEqualTo(pages * pageSize).isPositive();
    assertThat(Long.parseLong(st.details().get("document_bytes"))).isPositive();
  }

  @Test
  @DisplayName(":memory: works through one shared connection, and two in-memory stores are separate")
  void memory_database_isPrivatePerStorage() {
    TraceStorage a = new SqliteStorageProvider().create(StorageConfig.fromMap(Map.of("storage.sqlite.database_path", ":memory:")));
    TraceStorage b = new SqliteStorageProvider().create(StorageConfig.fromMap(Map.of("storage.sqlite.database_path", ":memory:")));
    open.add(a);
    open.add(b);
    FlowTrace t = trace(1, "f", ExecutionStatus.COMPLETED, BASE, "a");
    a.store(t);
    assertThat(a.get(t.traceId())).contains(t);
    assertThat(a.query(TraceQuery.builder().actorFilter("a").build())).containsExactly(t);
    assertThat(b.get(t.traceId())).isEmpty();
    assertThat(a.stats().details()).containsEntry("journal_mode", "memory");
  }

  @Test
  @DisplayName("Concurrent writers and readers on one storage all succeed")
  void concurrent_writersAndReaders_allSucceed() throws Exception {
    TraceStorage s = storage(dir.resolve("concurrent.db"), Map.of());
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        int writer = w;
        futures.add(pool.submit(() -> {
          for (int i = 0; i < 25; i++) {
            s.store(trace(writer * 1000L + i, "w" + writer, ExecutionStatus.COMPLETED, BASE, "a"));
            s.query(TraceQuery.builder().flowId("w" + writer).limit(5).build());
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(s.stats().totalTraces()).isEqualTo(100);
  }

  @Test
  @DisplayName("get keeps each reader's statement: concurrent gets, misses and a schema change by another connection all answer right")
  void get_keptStatementPerReader_answersEachCallerItsOwnTrace() throws Exception {
    Path file = dir.resolve("kept-statements.db");
    TraceStorage s = storage(file, Map.of());
    List<FlowTrace> stored = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      stored.add(trace(i, "f" + (i % 7), ExecutionStatus.COMPLETED, BASE, "a" + i));
    }
    s.storeAll(stored);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 2; round++) {
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          int offset = t * 50;
          futures.add(pool.submit(() -> {
            for (int i = 0; i < 400; i++) {
              FlowTrace want = stored.get((offset + i) % stored.size());
              assertThat(s.get(want.traceId())).contains(want);
              assertThat(s.get(id(100_000L + i))).isEmpty();
            }
          }));
        }
        for (Future<?> f : futures) {
          f.get(60, TimeUnit.SECONDS);
        }
        if (round == 0) {
          // Statements prepared before a schema change must be recompiled, not fail or read stale.
          raw(file).execute("CREATE INDEX kept_statement_probe ON traces (flow_id, trace_id)");
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName("Another process holding the write lock longer than busy_timeout_ms gives a clear TraceWriteException")
  void store_whileAnotherConnectionWrites_failsNamingBusyTimeout() {
    Path file = dir.resolve("busy.db");
    TraceStorage s = storage(file, Map.of("storage.sqlite.busy_timeout_ms", "200"));
    Handle other = raw(file);
    other.execute("BEGIN IMMEDIATE");
    try {
      FlowTrace t = trace(7, "f", ExecutionStatus.COMPLETED, BASE, "a");
      assertThatThrownBy(() -> s.store(t))
          .isInstanceOf(TraceWriteException.class)
          .hasMessageStartingWith("Could not store trace " + t.traceId() + " (" + file + "): ")
          .hasMessageContaining("storage.sqlite.busy_timeout_ms=200 ms")
          .hasMessageContaining("SQLITE_BUSY");
    } finally {
      other.execute("ROLLBACK");
    }
    FlowTrace after = trace(8, "f", ExecutionStatus.COMPLETED, BASE, "a");
    s.store(after);
    assertThat(s.get(after.traceId())).contains(after);
  }

  @Test
  @DisplayName("After a store returns, no lock is left behind: another process can write at once")
  void store_thenOtherConnectionWrites_withoutWaiting() {
    Path file = dir.resolve("shared.db");
    TraceStorage s = storage(file, Map.of());
    s.store(trace(1, "f", ExecutionStatus.COMPLETED, BASE, "a"));
    s.query(TraceQuery.all());
    Handle other = raw(file);
    other.execute("PRAGMA busy_timeout = 0");
    other.execute("BEGIN IMMEDIATE");
    other.execute("DELETE FROM traces");
    other.execute("COMMIT");
    assertThat(s.query(TraceQuery.all())).as("the other process's delete is visible").isEmpty();
  }

  @Test
  @DisplayName("VACUUM INTO from another connection while the storage is open gives a complete backup")
  void backup_vacuumIntoWhileOpen_copiesEverything() {
    Path file = dir.resolve("live.db");
    Path backup = dir.resolve("backup/live-copy.db");
    TraceStorage s = storage(file, Map.of());
    List<FlowTrace> traces = List.of(trace(1, "f", ExecutionStatus.COMPLETED, BASE, "a"),
        trace(2, "g", ExecutionStatus.RUNNING, BASE, "b"));
    s.storeAll(traces);
    backup.getParent().toFile().mkdirs();
    raw(file).createUpdate("VACUUM INTO :target").bind("target", backup.toString()).execute();
    s.store(trace(3, "after-backup", ExecutionStatus.COMPLETED, BASE, "c"));

    TraceStorage restored = storage(backup, Map.of());
    assertThat(restored.query(TraceQuery.all())).containsExactlyElementsOf(traces);
    assertThat(restored.query(TraceQuery.builder().actorFilter("b").build())).containsExactly(traces.get(1));
  }

  @Test
  @DisplayName("wal_mode=false uses a rollback journal and still stores and reads")
  void walModeOff_rollbackJournal_works() {
    TraceStorage s = storage(dir.resolve("delete-journal.db"), Map.of("storage.sqlite.wal_mode", "false",
        "storage.sqlite.synchronous", "FULL"));
    FlowTrace t = trace(1, "f", ExecutionStatus.COMPLETED, BASE, "a");
    s.store(t);
    assertThat(s.get(t.traceId())).contains(t);
    assertThat(s.stats().details()).containsEntry("journal_mode", "delete").containsEntry("synchronous", "FULL");
  }

  @Test
  @DisplayName("close is idempotent and every call after it fails with StorageClosedException")
  void close_twice_thenCallsFail() {
    TraceStorage s = storage(dir.resolve("closed.db"), Map.of());
    s.close();
    s.close();
    FlowTrace t = trace(1, "f", ExecutionStatus.COMPLETED, BASE, "a");
    assertThatThrownBy(() -> s.store(t)).isInstanceOf(StorageClosedException.class)
        .hasMessage("Trace storage 'sqlite' is closed");
    assertThatThrownBy(() -> s.storeAll(List.of())).isInstanceOf(StorageClosedException.class);
    assertThatThrownBy(() -> s.get(t.traceId())).isInstanceOf(StorageClosedException.class);
    assertThatThrownBy(() -> s.query(TraceQuery.all())).isInstanceOf(StorageClosedException.class);
    assertThatThrownBy(() -> s.delete(t.traceId())).isInstanceOf(StorageClosedException.class);
    assertThatThrownBy(s::stats).isInstanceOf(StorageClosedException.class);
    assertThatThrownBy(() -> s.deleteOlderThan(Instant.EPOCH)).isInstanceOf(StorageClosedException.class);
  }

  @Test
  @DisplayName("A file that is not a SQLite database fails to open with StorageConnectionException naming it")
  void open_notADatabase_failsClearly() throws Exception {
    Path file = dir.resolve("notes.txt");
    Files.writeString(file, "these are not the traces you are looking for, ".repeat(100), StandardCharsets.UTF_8);
    assertThatThrownBy(() -> storage(file, Map.of()))
        .isInstanceOf(StorageConnectionException.class)
        .hasMessageStartingWith("Could not open SQLite database " + file + ": ")
        .hasMessageContaining("not a SQLite database");
  }

  @Test
  @DisplayName("A SQLite file of another application (its own tables, no schema history) is refused as not a "
      + "reflow-trace database, and left untouched")
  void open_foreignSqliteDatabase_refusedUntouched() throws Exception {
    Path file = dir.resolve("app.db");
    Handle other = raw(file);
    other.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)");
    other.execute("CREATE TABLE traces (id INTEGER PRIMARY KEY)");
    other.execute("INSERT INTO customers (name) VALUES ('Ada')");
    other.close();
    byte[] before = Files.readAllBytes(file);

    assertThatThrownBy(() -> storage(file, Map.of()))
        .isInstanceOf(StorageConnectionException.class)
        .hasMessageStartingWith("Could not open SQLite database " + file + ": ")
        .hasMessageContaining("not a reflow-trace database")
        .hasMessageContaining("customers, traces")
        .hasMessageContaining("storage.sqlite.database_path")
        .hasMessageNotContaining("baseline");
    assertThat(Files.readAllBytes(file)).as("the other application's file is not modified").isEqualTo(before);
  }

  @Test
  @DisplayName("A SQLite file whose Flyway history belongs to another application (no traces table) is refused too")
  void open_foreignFlywayHistory_refused() throws Exception {
    Path file = dir.resolve("other-flyway.db");
    Handle other = raw(file);
    other.execute("CREATE TABLE flyway_schema_history (installed_rank INT, version TEXT, success BOOLEAN)");
    other.execute("INSERT INTO flyway_schema_history VALUES (1, '1', 1)");
    other.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)");
    other.close();
    assertThatThrownBy(() -> storage(file, Map.of()))
        .isInstanceOf(StorageConnectionException.class)
        .hasMessageContaining("not a reflow-trace database: its flyway_schema_history belongs to another application")
        .hasMessageContaining("invoices");
  }

  @Test
  @DisplayName("An empty SQLite file (no tables yet) is a new trace database, not a foreign one")
  void open_emptySqliteDatabase_isInitialised() throws Exception {
    Path file = dir.resolve("empty.db");
    Handle other = raw(file);
    other.execute("PRAGMA user_version = 0");
    other.close();
    TraceStorage s = storage(file, Map.of());
    s.store(trace(1, "f", ExecutionStatus.COMPLETED, BASE, "a"));
    assertThat(s.get(id(1))).isPresent();
  }

  @Test
  @DisplayName("A database_path under a regular file fails naming the folder and the key")
  void open_parentIsAFile_failsNamingFolder() throws Exception {
    Path blocker = dir.resolve("blocker");
    Files.writeString(blocker, "x");
    Path file = blocker.resolve("traces.db");
    assertThatThrownBy(() -> storage(file, Map.of()))
        .isInstanceOf(StorageConnectionException.class)
        .hasMessageStartingWith("Could not create the folder " + blocker + " for storage.sqlite.database_path=" + file);
  }

  @Test
  @DisplayName("A stored document that cannot be decoded fails the read with TraceQueryException naming the trace")
  void get_corruptDocument_failsNamingTrace() {
    Path file = dir.resolve("corrupt.db");
    TraceStorage s = storage(file, Map.of());
    s.store(trace(1, "f", ExecutionStatus.COMPLETED, BASE, "a"));
    s.store(trace(2, "f", ExecutionStatus.COMPLETED, BASE, "a"));
    Handle raw = raw(file);
    raw.createUpdate("UPDATE traces SET codec = 'lz4' WHERE trace_id = :id").bind("id", id(1).toString()).execute();
    raw.createUpdate("UPDATE traces SET codec = 'json', doc = :doc WHERE trace_id = :id")
        .bind("doc", "{\"trace_id\":".getBytes(StandardCharsets.UTF_8)).bind("id", id(2).toString()).execute();
    assertThatThrownBy(() -> s.get(id(1)))
        .isInstanceOf(TraceQueryException.class)
        .hasMessageStartingWith("Stored trace " + id(1) + " (codec lz4) could not be decoded: Unknown document codec \"lz4\"");
    assertThatThrownBy(() -> s.query(TraceQuery.all()))
        .isInstanceOf(TraceQueryException.class)
        .hasMessageStartingWith("Stored trace " + id(1));
    assertThatThrownBy(() -> s.get(id(2)))
        .isInstanceOf(TraceQueryException.class)
        .hasMessageStartingWith("Stored trace " + id(2) + " (codec json) could not be decoded");
  }
}
