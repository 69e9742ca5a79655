package dev.reflow.trace.storage.timescale;

import static dev.reflow.trace.storage.postgres.TestTraces.trace;
import static org.assertj.core.api.Assertions.assertThat;

import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.Timestamp;
import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.StorageConfigurationException;
import dev.reflow.trace.storage.TraceQuery;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.postgres.PostgresSchemas;
import dev.reflow.trace.storage.postgres.PostgresTableLayout;
import dev.reflow.trace.storage.postgres.PostgresTestServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** TimescaleDB backend behaviour that holds with and without the extension. */
class TimescaleStorageTest {
  private final PostgresSchemas schemas =
      new PostgresSchemas(PostgresTestServer.timescale(), new TimescaleStorageProvider(), "timescale");

  @AfterEach
  void cleanUp() {
    schemas.cleanUp();
  }

  @Test
  @DisplayName("The provider answers to timescale and timescaledb")
  void provider_names() {
    TimescaleStorageProvider provider = new TimescaleStorageProvider();
    assertThat(provider.name()).isEqualTo("timescale");
    assertThat(provider.aliases()).containsExactly("timescaledb");
  }

  @Test
  @DisplayName("Re-storing a trace whose start time changed leaves exactly one copy, with the new start time")
  void store_startTimeChanged_exactlyOneCopy() throws SQLException {
    TraceStorage storage = schemas.open();
    FlowTrace original = trace("f", 1_700_000_000L, "a");
    storage.store(original);
    FlowTrace moved = original.withStartTime(new Timestamp(1_600_000_000L, 0));
    storage.store(moved);
    FlowTrace movedAgain = moved.withStartTime(new Timestamp(1_750_000_000L, 5_000));
    storage.storeAll(List.of(movedAgain));

    assertThat(storage.query(TraceQuery.all())).containsExactly(movedAgain);
    assertThat(storage.get(original.traceId())).contains(movedAgain);
    assertThat(rowCount(original.traceId())).isEqualTo(1);
    assertThat(storage.stats().totalTraces()).isEqualTo(1);
    assertThat(storage.delete(original.traceId())).isTrue();
    assertThat(rowCount(original.traceId())).isZero();
  }

  @Test
  @DisplayName("Start times far outside timestamptz's everyday range (before 4714 BC, year 200000) are stored and ordered")
  void store_extremeStartTimes_storedAndOrdered() {
    TraceStorage storage = schemas.open();
    FlowTrace ancient = trace("f", -300_000_000_000L, "a");
    FlowTrace modern = trace("f", 1_700_000_000L, "a");
    FlowTrace future = trace("f", 6_000_000_000_000L, "a");
    storage.storeAll(List.of(ancient, modern, future));
    assertThat(storage.query(TraceQuery.all())).containsExactly(future, modern, ancient);
    assertThat(storage.get(ancient.traceId())).contains(ancient);
    assertThat(storage.deleteOlderThan(java.time.Instant.ofEpochSecond(0))).isEqualTo(1);
  }

  @Test
  @DisplayName("Concurrent writers of one trace id with different start times never fail and leave exactly one copy")
  void store_concurrentWritersOfOneIdDifferentStartTimes_oneCopy() throws Exception {
    TraceStorage storage = schemas.open(Map.of("max_connections", 8));
    FlowTrace base = trace("f", 1_700_000_000L, "a");
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      for (int round = 0; round < 15; round++) {
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(8);
        List<java.util.concurrent.Callable<FlowTrace>> writers = new java.util.ArrayList<>();
        for (int w = 0; w < 8; w++) {
          FlowTrace t = base.withStartTime(new Timestamp(1_700_000_000L + round * 1_000_000L + w * 86_400L, 0));
          boolean batch = w % 2 == 1;
          writers.add(() -> {
            together.await();
            if (batch) {
              storage.storeAll(List.of(trace("other", 1_000, "b"), t));
            } else {
              storage.store(t);
            }
            return t;
          });
        }
        List<FlowTrace> written = new java.util.ArrayList<>();
        for (var f : pool.invokeAll(writers)) {
          written.add(f.get()); // rethrows a failed write
        }
        assertThat(rowCount(base.traceId())).as("rows for the trace id after round %d", round).isEqualTo(1);
        assertThat(written).contains(storage.get(base.traceId()).orElseThrow());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName("The TimescaleDB migrations create exactly the columns a row writes (PostgresTableLayout.COLUMNS)")
  void migrations_createExactlyTheWrittenColumns() throws SQLException {
    schemas.open();
    assertThat(schemas.tracesColumns()).containsExactlyInAnyOrderElementsOf(PostgresTableLayout.COLUMNS);
  }

  @Test
  @DisplayName("stats().details() says whether the hypertable is active")
  void stats_details_reportHypertable() {
    TraceStorage storage = schemas.open();
    assertThat(storage.stats().details()).containsKey("hypertable");
    assertThat(storage.stats().details().get("hypertable")).isIn("true", "false");
  }

  @Test
  @DisplayName("Without [storage.timescale], Reflow's [storage.postgres] section is used")
  void open_onlyPostgresSection_usesIt() {
    String schema = schemas.server().newSchema();
    StorageConfig config = StorageConfig.fromMap(Map.of(
        "storage.backend", "timescaledb",
        "storage.postgres.connection_url", schemas.server().connectionUrl(),
        "storage.postgres.schema", schema,
        "storage.postgres.min_connections", "0"));
    try (TraceStorage storage = new TimescaleStorageProvider().create(config)) {
      FlowTrace t = trace("f", 1_000, "a");
      storage.store(t);
      assertThat(storage.get(t.traceId())).contains(t);
      assertThat(storage.stats().details()).containsEntry("schema", schema);
      assertThat(storage.backendName()).isEqualTo("timescale");
    } finally {
      schemas.server().dropSchema(schema);
    }
  }

  @Test
  @DisplayName("A bad chunk_time_interval names the key and value")
  void open_badChunkInterval_namesKey() {
    StorageConfig config = schemas.newConfig(Map.of("chunk_time_interval", "soon"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> schemas.open(config))
        .isInstanceOf(StorageConfigurationException.class)
        .hasMessageContaining("storage.timescale.chunk_time_interval=soon");
  }

  private long rowCount(TraceId id) throws SQLException {
    try (Connection c = schemas.server().connect();
        PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + schemas.lastSchema() + ".traces WHERE trace_id = ?")) {
      ps.setObject(1, id.value());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
