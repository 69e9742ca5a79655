package dev.reflow.trace.storage.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflow.trace.model.ExecutionStatus;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.Timestamp;
import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.storage.TraceQuery;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.sqlite.internal.SchemaMigrator;
import dev.reflow.trace.storage.sqlite.internal.TraceRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file written with schema version 1 (trace_actors keyed by trace_id) is converted on open to
 * version 2 (keyed in the result order) with every trace and actor row kept.
 */
class SqliteMigrationTest {
  private static final Timestamp T0 = TestTraces.BASE;

  @TempDir Path dir;
  private Path file;
  private final List<FlowTrace> traces = new ArrayList<>();

  /** Version 1 created by Flyway itself, filled with the statements version 1 of the backend ran. */
  @BeforeEach
  void writeVersion1File() {
    file = dir.resolve("v1.db");
    String url = "jdbc:sqlite:" + file;
    Flyway.configure(getClass().getClassLoader()).dataSource(url, null, null)
        .locations(SchemaMigrator.LOCATION).target("1").load().migrate();
    for (int i = 0; i < 30; i++) {
      // Start times out of id order, so the new key order differs from the old one.
      Timestamp start = new Timestamp(T0.epochSecond() + (i * 7L) % 30 * 60, 0);
      traces.add(i % 3 == 0
          ? TestTraces.trace(i, "orders", ExecutionStatus.COMPLETED, start, "Reader", "Validator", "Writer")
          : TestTraces.trace(i, "orders", ExecutionStatus.COMPLETED, start, "Reader", "Writer"));
    }
    try (Handle h = Jdbi.open(url)) {
      h.execute("PRAGMA foreign_keys = ON");
      h.useTransaction(tx -> {
        for (FlowTrace t : traces) {
          TraceRow r = TraceRow.of(t, 1024);
          tx.execute("INSERT INTO traces (trace_id, flow_id, execution_id, status, start_time, end_time, "
              + "event_count, size, codec, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", r.traceId(), r.flowId(),
              r.executionId(), r.status(), r.startTime(), r.endTime(), r.eventCount(), r.size(), r.codec(), r.doc());
          for (String actor : r.actorIds()) {
            tx.execute("INSERT INTO trace_actors (trace_id, actor_id) VALUES (?, ?)", r.traceId(), actor);
          }
        }
      });
    }
  }

  @Test
  @DisplayName("Opening a version 1 file migrates it to version 2 and keeps every trace and actor row")
  void open_version1File_migratesKeepingData() {
    try (TraceStorage storage = SqliteStorageProvider.open(SqliteSettings.forFile(file.toString()))) {
      assertThat(storage.stats().details()).containsEntry("schema_version", "2");
      assertThat(storage.count(TraceQuery.all())).isEqualTo(30);
      for (FlowTrace t : traces) {
        assertThat(storage.get(t.traceId())).contains(t);
      }
      List<FlowTrace> validators = traces.stream().filter(t -> t.hasActorContaining("Validator"))
          .sorted(TraceQuery.ORDER).toList();
      assertThat(storage.query(TraceQuery.builder().actorFilter("Validator").build())).isEqualTo(validators);
      assertThat(storage.query(TraceQuery.builder().actorFilter("Valid").limit(3).offset(2).build()))
          .isEqualTo(validators.subList(2, 5));
    }
    try (Handle h = Jdbi.open("jdbc:sqlite:" + file)) {
      assertThat(h.createQuery("SELECT count(*) FROM trace_actors").mapTo(Integer.class).one())
          .as("two or three actor rows per trace").isEqualTo(10 * 3 + 20 * 2);
      assertThat(h.createQuery("SELECT count(*) FROM trace_actors a JOIN traces t "
          + "ON t.trace_id = a.trace_id AND t.start_time = a.start_time").mapTo(Integer.class).one())
          .as("every actor row carries its trace's start_time").isEqualTo(70);
      assertThat(h.createQuery("SELECT count(*) FROM pragma_foreign_key_check").mapTo(Integer.class).one()).isZero();
    }
  }

  @Test
  @DisplayName("After the migration, deletes and a re-store with a new start time keep the actor rows in step")
  void migratedFile_deleteAndRestore_keepActorRowsInStep() {
    FlowTrace moved = traces.get(3).withStartTime(new Timestamp(T0.epochSecond() + 86_400, 0));
    TraceId deleted = traces.get(6).traceId();
    try (TraceStorage storage = SqliteStorageProvider.open(SqliteSettings.forFile(file.toString()))) {
      assertThat(storage.delete(deleted)).isTrue();
      storage.store(moved);
      List<FlowTrace> found = storage.query(TraceQuery.builder().actorFilter("Validator").limit(1).build());
      assertThat(found).as("the moved trace is now the newest").containsExactly(moved);
      assertThat(storage.query(TraceQuery.builder().actorFilter("Validator").build()))
          .extracting(FlowTrace::traceId).doesNotContain(deleted).hasSize(9);
    }
    try (Handle h = Jdbi.open("jdbc:sqlite:" + file)) {
      assertThat(h.createQuery("SELECT count(*) FROM trace_actors WHERE trace_id = :id")
          .bind("id", deleted.toString()).mapTo(Integer.class).one()).as("the deleted trace's actor rows").isZero();
      assertThat(h.createQuery("SELECT DISTINCT start_time FROM trace_actors WHERE trace_id = :id")
          .bind("id", moved.traceId().toString()).mapTo(Long.class).list())
          .containsExactly(moved.startTime().epochMicros());
      assertThat(h.createQuery("SELECT count(*) FROM trace_actors").mapTo(Integer.class).one()).isEqualTo(67);
    }
  }
}
