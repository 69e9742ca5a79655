package dev.reflow.trace.storage.postgres;

import static dev.reflow.trace.storage.postgres.TestTraces.trace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.TraceStorageException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The extension point derived backends use: what the storage takes from a layout, and what it checks. */
class PostgresTableLayoutTest {
  private final PostgresSchemas schemas =
      new PostgresSchemas(PostgresTestServer.postgres(), new PostgresStorageProvider(), "postgres");
  private final List<TraceStorage> opened = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    opened.forEach(TraceStorage::close);
    schemas.cleanUp();
  }

  @Test
  @DisplayName("The PostgreSQL migrations create exactly the columns a row writes (PostgresTableLayout.COLUMNS)")
  void migrations_postgres_createExactlyTheWrittenColumns() throws SQLException {
    schemas.open();
    assertThat(schemas.tracesColumns())
        .containsExactlyInAnyOrderElementsOf(PostgresTableLayout.COLUMNS);
  }

  @Test
  @DisplayName("A layout's migrations without written columns: the storage refuses to open, naming the columns")
  void open_migrationLacksColumns_refusedNamingThem() {
    PostgresSettings settings = settings();
    assertThatThrownBy(() -> open(settings, new RecordingLayout("classpath:db/migration/test_missing_column")))
        .isInstanceOf(TraceStorageException.class)
        .hasMessage("custom: table " + settings.schema() + ".traces lacks the column(s) [flow_id, execution_id, "
            + "start_time, end_time, status, event_count, size_bytes, actors, codec] that every row writes; "
            + "the migrations at classpath:db/migration/test_missing_column must create them");
  }

  @Test
  @DisplayName("A NOT NULL column without a default that rows do not write: the storage refuses to open, naming it")
  void open_unwrittenRequiredColumn_refusedNamingIt() {
    PostgresSettings settings = settings();
    RecordingLayout layout = new RecordingLayout(PostgresStorageProvider.MIGRATIONS) {
      @Override
      public void prepare(TraceTable table, Jdbi jdbi) {
        jdbi.useHandle(h -> h.execute("ALTER TABLE " + table.qualifiedName() + " ADD COLUMN tenant text NOT NULL, "
            + "ADD COLUMN region text NOT NULL DEFAULT 'eu', ADD COLUMN note text"));
      }
    };
    assertThatThrownBy(() -> open(settings, layout))
        .isInstanceOf(TraceStorageException.class)
        .hasMessageContaining(settings.schema() + ".traces has NOT NULL column(s) [tenant] without a default");
  }

  @Test
  @DisplayName("A layout's prepare failing: the storage does not open, and says what failed")
  void open_prepareFails_typedErrorNamingTable() {
    PostgresSettings settings = settings();
    RecordingLayout layout = new RecordingLayout(PostgresStorageProvider.MIGRATIONS) {
      @Override
      public void prepare(TraceTable table, Jdbi jdbi) {
        jdbi.useHandle(h -> h.execute("SELECT no_such_function()"));
      }
    };
    assertThatThrownBy(() -> open(settings, layout))
        .isExactlyInstanceOf(TraceStorageException.class)
        .hasMessageStartingWith("custom: could not prepare " + settings.schema() + ".traces: ")
        .hasMessageContaining("no_such_function");
  }

  @Test
  @DisplayName("Writes, size and stats details come from the layout; prepare runs once, before any write")
  void open_customLayout_storageUsesIt() {
    RecordingLayout layout = new RecordingLayout(PostgresStorageProvider.MIGRATIONS);
    TraceStorage storage = open(settings(), layout);
    FlowTrace a = trace("f", 1_000, "x");
    FlowTrace b = trace("f", 2_000, "y");
    storage.storeAll(List.of(b, a, b));
    storage.store(a);

    assertThat(layout.events).first().isEqualTo("prepare");
    List<UUID> batch = new ArrayList<>(List.of(a.traceId().value(), b.traceId().value()));
    batch.sort(null);
    assertThat(layout.events).containsExactly("prepare", "write " + batch, "write " + List.of(a.traceId().value()));
    assertThat(storage.get(a.traceId())).contains(a);
    assertThat(storage.stats().details()).containsEntry("layout", "recording");
    assertThat(storage.stats().storageSizeBytes()).isEqualTo(42);
    assertThat(storage.backendName()).isEqualTo("custom");
  }

  private PostgresSettings settings() {
    StorageConfig config = schemas.newConfig(Map.of());
    return PostgresSettings.from(config.section("postgres"));
  }

  private TraceStorage open(PostgresSettings settings, PostgresTableLayout layout) {
    TraceStorage storage = PostgresStorageProvider.open("custom", settings, layout);
    opened.add(storage);
    return storage;
  }

  /** A layout that upserts like PostgreSQL's and records what the storage asked of it. */
  private static class RecordingLayout implements PostgresTableLayout {
    final List<String> events = new CopyOnWriteArrayList<>();
    private final String migrations;

    RecordingLayout(String migrations) {
      this.migrations = migrations;
    }

    @Override
    public String migrations() {
      return migrations;
    }

    @Override
    public void prepare(TraceTable table, Jdbi jdbi) {
      events.add("prepare");
    }

    @Override
    public void writeRows(TraceTable table, Handle handle, Rows rows) {
      events.add("write " + rows.traceIds());
      rows.insertOrUpdate(handle, "trace_id");
    }

    @Override
    public long storageSize(TraceTable table, Handle handle) {
      return 42;
    }

    @Override
    public void addDetails(TraceTable table, Handle handle, Map<String, String> details) {
      details.put("layout", "recording");
    }
  }
}
