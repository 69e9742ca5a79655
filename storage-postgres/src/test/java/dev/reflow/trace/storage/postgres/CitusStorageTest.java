package dev.reflow.trace.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.StorageConfigurationException;
import dev.reflow.trace.storage.StorageStats;
import dev.reflow.trace.storage.TraceQuery;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.postgres.internal.PgTraceStorage;
import dev.reflow.trace.storage.tck.TestTraces;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What {@code distribution = citus} does on a real cluster ({@code REFLOW_TEST_CITUS_URL}): the
 * table Citus keeps, reopening, switching from a plain table, the size over every shard, and the
 * per-shard plan of a paged query. Skipped, saying why, without the variable.
 */
class CitusStorageTest {
  private PostgresSchemas schemas;

  @BeforeAll
  static void requireCluster() {
    CitusCluster.require();
  }

  private PostgresSchemas schemas() {
    if (schemas == null) {
      schemas = new PostgresSchemas(CitusCluster.require(), new PostgresStorageProvider(), "postgres");
    }
    return schemas;
  }

  @AfterEach
  void cleanUp() {
    if (schemas != null) {
      schemas.cleanUp();
    }
  }

  @Test
  @DisplayName("traces is hash-distributed on trace_id with the configured shard count; reopening (even with another count) changes nothing")
  void open_citus_distributedOnTraceIdWithShardCount() throws SQLException {
    StorageConfig config = schemas().newConfig(Map.of("distribution", "citus", "shard_count", 6));
    TraceStorage first = schemas().open(config);
    String schema = schemas().lastSchema();
    assertThat(distribution(schema)).containsExactly("h trace_id 6");
    first.close();
    TraceStorage again = schemas().open(config.with("storage.postgres.shard_count", "8"));
    assertThat(distribution(schema)).containsExactly("h trace_id 6");
    assertThat(again.stats().details()).containsEntry("distribution", "citus").containsEntry("shard_count", "6")
        .containsKey("citus").containsKey("workers");
    assertThat(Integer.parseInt(again.stats().details().get("workers"))).isPositive();
  }

  @Test
  @DisplayName("A plain table with traces, reopened with distribution = citus, is distributed with every trace; none on it is then refused")
  void open_plainThenCitus_movesRowsIntoShards() throws SQLException {
    StorageConfig plain = schemas().newConfig(Map.of());
    String schema = schemas().lastSchema();
    TraceStorage before = schemas().open(plain);
    List<FlowTrace> traces = TestTraces.many(30, 7);
    before.storeAll(traces);
    before.close();

    TraceStorage after = schemas().open(plain.with("storage.postgres.distribution", "citus")
        .with("storage.postgres.shard_count", "4"));
    assertThat(distribution(schema)).containsExactly("h trace_id 4");
    assertThat(after.count(TraceQuery.all())).isEqualTo(30);
    for (FlowTrace t : traces) {
      assertThat(after.get(t.traceId())).contains(t);
    }
    assertThat(after.stats().details()).containsEntry("distribution", "citus");

    assertThatThrownBy(() -> schemas().open(plain))
        .isInstanceOf(StorageConfigurationException.class)
        .hasMessageContaining(schema + ".traces at jdbc:postgresql://")
        .hasMessageContaining("is a Citus distributed table, but storage.postgres.distribution = none");
  }

  @Test
  @DisplayName("distribution = auto on a coordinator chooses Citus")
  void open_auto_choosesCitus() throws SQLException {
    TraceStorage storage = schemas().open(Map.of("distribution", "auto", "shard_count", 4));
    assertThat(distribution(schemas().lastSchema())).containsExactly("h trace_id 4");
    assertThat(storage.stats().details()).containsEntry("distribution", "citus");
  }

  @Test
  @DisplayName("stats sums every shard: the size is citus_total_relation_size, far above the coordinator's empty shell")
  void stats_sumsShards() throws SQLException {
    TraceStorage storage = schemas().open(Map.of("distribution", "citus", "shard_count", 4));
    String schema = schemas().lastSchema();
    storage.storeAll(TestTraces.many(200, 3));
    StorageStats stats = storage.stats();
    assertThat(stats.totalTraces()).isEqualTo(200);
    long total = longValue("SELECT citus_total_relation_size(?::regclass)", schema + ".traces");
    long shell = longValue("SELECT pg_total_relation_size(?::regclass)", schema + ".traces");
    assertThat(stats.storageSizeBytes()).isEqualTo(total).isGreaterThan(shell);
  }

  @Test
  @DisplayName("A paged query runs on every shard with LIMIT offset+limit pushed down, and the coordinator merges, sorts and skips the offset")
  void query_limitAndOffsetPushedToShards() throws SQLException {
    TraceStorage storage = schemas().open(Map.of("distribution", "citus", "shard_count", 4));
    String schema = schemas().lastSchema();
    storage.storeAll(TestTraces.many(120, 5));
    TraceQuery page = TraceQuery.builder().limit(10).offset(50).build();
    String sql = PgTraceStorage.queryStatement("\"" + schema + "\".\"traces\"", page).sql()
        .replace(":limit", "10").replace(":offset", "50");
    List<String> plan = lines("EXPLAIN (VERBOSE, COSTS OFF) " + sql);
    String text = String.join("\n", plan);
    assertThat(text).contains("Custom Scan (Citus Adaptive)").contains("Task Count: 4");
    // each shard's query carries the merged limit: offset + limit
    assertThat(text).containsPattern("LIMIT '?60'?");
    assertThat(storage.query(page)).hasSize(10);
  }

  private List<String> distribution(String schema) throws SQLException {
    return lines("SELECT p.partmethod::text || ' ' || column_to_column_name(p.logicalrelid, p.partkey) || ' ' || "
        + "(SELECT count(*) FROM pg_dist_shard s WHERE s.logicalrelid = p.logicalrelid) FROM pg_dist_partition p "
        + "WHERE p.logicalrelid = to_regclass(?)", "\"" + schema + "\".traces");
  }

  private long longValue(String sql, String arg) throws SQLException {
    return Long.parseLong(lines(sql, arg).get(0));
  }

  private List<String> lines(String sql, String... args) throws SQLException {
    try (Connection c = schemas().server().connect(); PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setString(i + 1, args[i]);
      }
      List<String> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    }
  }
}
