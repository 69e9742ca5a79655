package dev.reflow.trace.storage.timescale;

import static dev.reflow.trace.storage.postgres.TestTraces.trace;
import static org.assertj.core.api.Assertions.assertThat;

import dev.reflow.trace.model.ExecutionStatus;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.Timestamp;
import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.TraceQuery;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.postgres.PostgresSchemas;
import dev.reflow.trace.storage.postgres.PostgresTestServer;
import dev.reflow.trace.storage.postgres.PostgresStorageProvider;
import dev.reflow.trace.storage.timescale.internal.TimescaleLayout;
import dev.reflow.trace.storage.timescale.internal.TimescaleSetup;
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
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Hypertable behaviour. Runs only when the test server has TimescaleDB (set
 * {@code REFLOW_TEST_TIMESCALE_URL}); otherwise every test is skipped with the reason.
 */
class TimescaleHypertableTest {
  private static final long DAY = 86_400L;
  private final PostgresSchemas schemas =
      new PostgresSchemas(PostgresTestServer.timescale(), new TimescaleStorageProvider(), "timescale");

  @AfterEach
  void cleanUp() {
    schemas.cleanUp();
  }

  private TraceStorage openHypertable(Map<String, ?> extra) {
    return requireHypertable(schemas.open(extra));
  }

  private TraceStorage requireHypertable(TraceStorage storage) {
    boolean hypertable = "true".equals(storage.stats().details().get("hypertable"));
    if (!hypertable) {
      String reason = "TimescaleDB is not available on " + schemas.server()
          + ", so the traces table is a plain table: hypertable test skipped (set REFLOW_TEST_TIMESCALE_URL to run it)";
      System.out.println("[skip] " + reason);
      Assumptions.abort(reason);
    }
    return storage;
  }

  @Test
  @DisplayName("The traces table is a hypertable on start_time with the configured chunk interval, as an INTERVAL")
  void open_extensionPresent_hypertableWithConfiguredInterval() throws SQLException {
    openHypertable(Map.of("chunk_time_interval", "1d"));
    assertThat(queryString("SELECT column_name || ' ' || column_type::text || ' ' || time_interval::text "
        + "FROM timescaledb_information.dimensions WHERE hypertable_schema = ? AND hypertable_name = 'traces'"))
        .isEqualTo("start_time timestamp with time zone 1 day");
  }

  @Test
  @DisplayName("Reopening with another configured chunk_time_interval changes the hypertable's interval")
  void open_changedChunkInterval_appliedToExistingHypertable() throws SQLException {
    StorageConfig config = schemas.newConfig(Map.of("chunk_time_interval", "1d"));
    requireHypertable(schemas.open(config)).close();
    TraceStorage reopened = schemas.open(config.with("storage.timescale.chunk_time_interval", "12h"));
    assertThat(reopened.stats().details()).containsEntry("chunk_time_interval", "12:00:00");
    assertThat(queryString("SELECT time_interval::text FROM timescaledb_information.dimensions "
        + "WHERE hypertable_schema = ? AND hypertable_name = 'traces'")).isEqualTo("12:00:00");
  }

  @Test
  @DisplayName("Time-range queries return the right traces, in order, across many chunks")
  void query_timeRangeAcrossChunks_rightTraces() {
    TraceStorage storage = openHypertable(Map.of("chunk_time_interval", "1d"));
    long base = 1_767_225_600L; // 2026-01-01T00:00:00Z
    List<FlowTrace> all = new ArrayList<>();
    for (int day = 0; day < 12; day++) {
      all.add(trace("f", new Timestamp(base + day * DAY + 3_600, 0), ExecutionStatus.COMPLETED, "a"));
      all.add(trace("g", new Timestamp(base + day * DAY + 7_200, 250_000), ExecutionStatus.RUNNING, "b"));
    }
    storage.storeAll(all);
    assertThat(Long.parseLong(storage.stats().details().get("chunks"))).isGreaterThanOrEqualTo(12);

    Instant from = Instant.ofEpochSecond(base + 3 * DAY + 7_200, 250_000);
    Instant to = Instant.ofEpochSecond(base + 8 * DAY + 3_600);
    List<FlowTrace> expected = all.stream()
        .filter(t -> !t.startTime().toInstant().isBefore(from) && !t.startTime().toInstant().isAfter(to))
        .sorted(TraceQuery.ORDER)
        .toList();
    assertThat(expected).hasSize(10);
    assertThat(storage.query(TraceQuery.builder().timeRange(from, to).build())).containsExactlyElementsOf(expected);
    assertThat(storage.query(TraceQuery.builder().timeRange(from, to).flowId("g").limit(2).offset(1).build()))
        .containsExactlyElementsOf(expected.stream().filter(t -> t.flowId().value().equals("g")).skip(1).limit(2).toList());
  }

  @Test
  @DisplayName("The retention policy drops chunks older than `retention`, and their traces with them")
  void retention_policyRun_dropsOldChunksTraces() throws SQLException {
    TraceStorage storage = openHypertable(Map.of("chunk_time_interval", "1d", "retention", "30d"));
    long now = Instant.now().getEpochSecond();
    FlowTrace veryOld = trace("f", now - 90 * DAY, "a");
    FlowTrace old = trace("f", now - 45 * DAY, "a");
    FlowTrace recent = trace("f", now - 2 * DAY, "a");
    FlowTrace current = trace("f", now, "a");
    storage.storeAll(List.of(veryOld, old, recent, current));

    long job = Long.parseLong(queryString("SELECT job_id::text FROM timescaledb_information.jobs "
        + "WHERE proc_name = 'policy_retention' AND hypertable_schema = ? AND hypertable_name = 'traces'"));
    assertThat(queryString("SELECT config->>'drop_after' FROM timescaledb_information.jobs WHERE job_id = " + job
        + " AND hypertable_schema = ?")).isIn("30 days", "720:00:00", "@ 30 days");
    try (Connection c = schemas.server().connect(); Statement s = c.createStatement()) {
      s.execute("CALL run_job(" + job + ")");
    }
    assertThat(ids(storage.query(TraceQuery.all()))).containsExactly(current.traceId(), recent.traceId());
    assertThat(storage.get(old.traceId())).isEmpty();
  }

  @Test
  @DisplayName("compress_after adds a compression policy; compressed traces stay readable and replaceable")
  void compression_compressedChunks_readableAndReplaceable() throws SQLException {
    TraceStorage storage = openHypertable(Map.of("chunk_time_interval", "1d", "compress_after", "7d"));
    long now = Instant.now().getEpochSecond();
    FlowTrace old = trace("f", now - 20 * DAY, "reader");
    FlowTrace older = trace("g", now - 30 * DAY, "writer");
    FlowTrace recent = trace("f", now - DAY, "reader");
    storage.storeAll(List.of(old, older, recent));
    assertThat(queryString("SELECT count(*)::text FROM timescaledb_information.jobs "
        + "WHERE proc_name = 'policy_compression' AND hypertable_schema = ?")).isEqualTo("1");

    // The policy's own background job may compress the same chunks at the same moment; a chunk
    // it got to first is "already compressed", so try again (if_not_compressed then skips it).
    for (int attempt = 1; ; attempt++) {
      try (Connection c = schemas.server().connect(); Statement s = c.createStatement()) {
        s.execute("SELECT compress_chunk(ch, if_not_compressed => true) FROM show_chunks('" + schemas.lastSchema()
            + ".traces', older_than => INTERVAL '7 days') ch");
        break;
      } catch (SQLException e) {
        if (attempt >= 5 || !String.valueOf(e.getMessage()).contains("already compressed")) {
          throw e;
        }
      }
    }
    assertThat(queryString("SELECT count(*)::text FROM timescaledb_information.chunks "
        + "WHERE hypertable_schema = ? AND is_compressed")).isEqualTo("2");

    assertThat(storage.get(old.traceId())).contains(old);
    assertThat(ids(storage.query(TraceQuery.builder().actorFilter("read").build())))
        .containsExactly(recent.traceId(), old.traceId());
    FlowTrace failed = old.withStatus(ExecutionStatus.failed("late"), new Timestamp(now, 0));
    storage.store(failed);
    FlowTrace moved = older.withStartTime(new Timestamp(now - 3 * DAY, 0));
    storage.store(moved);
    List<FlowTrace> expected = new ArrayList<>(List.of(failed, moved, recent));
    expected.sort(TraceQuery.ORDER);
    assertThat(storage.query(TraceQuery.all())).containsExactlyElementsOf(expected);
    assertThat(storage.deleteOlderThan(Instant.ofEpochSecond(now - 10 * DAY))).isEqualTo(1);
    assertThat(storage.stats().totalTraces()).isEqualTo(2);
  }

  @Test
  @DisplayName("A table filled in fallback mode becomes a hypertable, data kept, once the extension is available")
  void open_tableFilledInFallbackMode_convertedWithItsTraces() throws SQLException {
    requireHypertable(schemas.open()).close(); // only to learn that this server has TimescaleDB
    StorageConfig config = schemas.newConfig(Map.of("chunk_time_interval", "1d"));
    TimescaleSettings settings = TimescaleSettings.from(config);
    List<FlowTrace> traces = List.of(trace("f", 1_700_000_000L, "a"), trace("g", 1_700_500_000L, "b"));
    // What an open without the extension leaves: the migrated plain table, written through the
    // same layout with the hypertable off.
    try (TraceStorage fallback = PostgresStorageProvider.open("timescale", settings.pg(),
        new TimescaleLayout(settings, (table, jdbi) -> TimescaleSetup.FALLBACK))) {
      fallback.storeAll(traces);
    }
    assertThat(queryString("SELECT count(*)::text FROM timescaledb_information.hypertables WHERE hypertable_schema = ?"))
        .isEqualTo("0");

    TraceStorage converted = requireHypertable(schemas.open(config));
    assertThat(converted.query(TraceQuery.all())).containsExactlyElementsOf(
        traces.stream().sorted(TraceQuery.ORDER).toList());
    assertThat(queryString("SELECT count(*)::text FROM timescaledb_information.chunks WHERE hypertable_schema = ?"))
        .isEqualTo("2");
  }

  private String queryString(String sql) throws SQLException {
    try (Connection c = schemas.server().connect(); PreparedStatement ps = c.prepareStatement(sql)) {
      if (sql.contains("?")) {
        ps.setString(1, schemas.lastSchema());
      }
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).as("a row from %s", sql).isTrue();
        return rs.getString(1);
      }
    }
  }

  private static List<TraceId> ids(List<FlowTrace> traces) {
    return traces.stream().map(FlowTrace::traceId).toList();
  }
}
