package dev.reflow.trace.storage.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflow.trace.storage.StorageConfigurationException;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.postgres.PostgresSchemas;
import dev.reflow.trace.storage.postgres.PostgresStorageProvider;
import dev.reflow.trace.storage.postgres.PostgresTestServer;
import dev.reflow.trace.storage.tck.TestTraces;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * {@code storage.postgres.distribution} without a Citus cluster: what opening does on a server
 * without the extension, and the statements the Citus migration issues, run on plain PostgreSQL
 * against stand-ins for Citus' catalog table and functions that record their calls. The whole
 * TCK on a real cluster is {@code CitusTckTest}.
 */
class PgDistributionTest {
  private final PostgresSchemas schemas =
      new PostgresSchemas(PostgresTestServer.postgres(), new PostgresStorageProvider(), "postgres");

  @AfterEach
  void cleanUp() {
    schemas.cleanUp();
  }

  @Test
  @DisplayName("distribution = citus on a server without the citus extension fails at open, saying what to do, and creates nothing")
  void open_citusWithoutExtension_failsClearly() throws SQLException {
    var config = schemas.newConfig(Map.of("distribution", "citus"));
    String schema = schemas.lastSchema();
    assertThatThrownBy(() -> schemas.open(config))
        .isInstanceOf(StorageConfigurationException.class)
        .hasMessageContaining("postgres: storage.postgres.distribution = citus, but the database at jdbc:postgresql://")
        .hasMessageContaining("has no citus extension")
        .hasMessageContaining("CREATE EXTENSION citus")
        .hasMessageContaining("or set storage.postgres.distribution = none")
        .hasMessageNotContaining("postgres:postgres@");
    assertThat(query("SELECT count(*) FROM pg_namespace WHERE nspname = '" + schema + "'")).containsExactly("0");
  }

  @Test
  @DisplayName("distribution = auto without the citus extension keeps a plain table and says so in one INFO line")
  void open_autoWithoutExtension_plainTableLogged() {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.err;
    TraceStorage storage;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      storage = schemas.open(Map.of("distribution", "auto"));
    } finally {
      System.setErr(original);
    }
    List<String> lines = captured.toString(StandardCharsets.UTF_8).lines()
        .filter(l -> l.contains("PgDistribution")).toList();
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).contains("INFO")
        .contains("postgres: storage.postgres.distribution = auto: no citus extension in the database, so "
            + schemas.lastSchema() + ".traces is a plain table");
    storage.store(TestTraces.trace(1).build());
    assertThat(storage.stats().details()).containsEntry("distribution", "none");
    assertThat(storage.stats().totalTraces()).isEqualTo(1);
  }

  @Test
  @DisplayName("The Citus migration distributes traces on trace_id once, with the configured shard count, and not again on later opens")
  void citusMigration_distributesOnceWithShardCount() throws SQLException {
    String schema = plainSchemaWithCitusStandIns();
    migrate(schema, "12");
    assertThat(calls(schema)).containsExactly("create_distributed_table(traces, trace_id, 12)");
    migrate(schema, "12");
    migrate(schema, "40"); // a changed shard count applies to new tables only: no second call
    assertThat(calls(schema)).containsExactly("create_distributed_table(traces, trace_id, 12)");
  }

  @Test
  @DisplayName("Without shard_count the migration leaves the count to Citus; rows stored before are moved, then the local copy truncated")
  void citusMigration_defaultShardCount_truncatesLocalCopyOfExistingRows() throws SQLException {
    String schema = plainSchemaWithCitusStandIns();
    execute("INSERT INTO \"" + schema + "\".traces (trace_id, flow_id, execution_id, start_time, status, event_count, "
        + "size_bytes, actors, codec, doc) VALUES (gen_random_uuid(), 'f', gen_random_uuid(), now(), 'Completed', 0, 2, "
        + "'', 'json', '\\x7b7d')");
    migrate(schema, "default");
    assertThat(calls(schema)).containsExactly("create_distributed_table(traces, trace_id, null)",
        "truncate_local_data_after_distributing_table(traces)");
  }

  @Test
  @DisplayName("The Citus migration on a database without Citus fails naming the missing extension, and records nothing")
  void citusMigration_withoutCitus_failsNamingTheExtension() throws SQLException {
    String schema = schemas.server().newSchema();
    schemaToDrop(schema);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream stderr = System.err;
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8)); // Flyway logs the failure at ERROR
    try {
      assertThatThrownBy(() -> migrate(schema, "default"))
          .hasMessageContaining("storage.postgres.distribution = citus, but the citus extension is not installed in database");
    } finally {
      System.setErr(stderr);
    }
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("repeatable migration \"distribute traces\" failed");
    assertThat(query("SELECT count(*) FROM \"" + schema + "\".flyway_schema_history WHERE script LIKE 'R__%' AND success"))
        .containsExactly("0");
  }

  /**
   * A schema migrated as distribution = none, then given stand-ins for Citus' objects, which the
   * migration's unqualified names find in the schema on a server without Citus.
   */
  private String plainSchemaWithCitusStandIns() throws SQLException {
    String schema = schemas.server().newSchema();
    schemaToDrop(schema);
    PgSchema.migrate("postgres", dataSource(), schema, PostgresStorageProvider.MIGRATIONS, Map.of());
    String q = "\"" + schema + "\"";
    execute("CREATE TABLE " + q + ".pg_dist_partition (logicalrelid regclass)");
    execute("CREATE TABLE " + q + ".citus_calls (n serial, call text)");
    execute("CREATE FUNCTION " + q + ".create_distributed_table(table_name regclass, distribution_column text, "
        + "shard_count integer DEFAULT NULL) RETURNS void LANGUAGE sql AS $$ "
        + "INSERT INTO " + q + ".pg_dist_partition VALUES (table_name); "
        + "INSERT INTO " + q + ".citus_calls (call) VALUES (format('create_distributed_table(%s, %s, %s)', "
        + "table_name, distribution_column, coalesce(shard_count::text, 'null'))) $$");
    execute("CREATE FUNCTION " + q + ".truncate_local_data_after_distributing_table(function_name regclass) "
        + "RETURNS void LANGUAGE sql AS $$ INSERT INTO " + q + ".citus_calls (call) VALUES "
        + "(format('truncate_local_data_after_distributing_table(%s)', function_name)) $$");
    return schema;
  }

  private void migrate(String schema, String shardCount) throws SQLException {
    PgSchema.migrate("postgres", dataSource(), schema,
        PostgresStorageProvider.MIGRATIONS + "," + PgDistribution.CITUS_MIGRATIONS,
        Map.of(PgDistribution.SHARD_COUNT_PLACEHOLDER, shardCount));
  }

  private List<String> calls(String schema) throws SQLException {
    return query("SELECT call FROM \"" + schema + "\".citus_calls ORDER BY n");
  }

  /** Schemas made here rather than by {@link PostgresSchemas}, dropped after the test. */
  private final List<String> dropped = new ArrayList<>();

  private void schemaToDrop(String schema) {
    dropped.add(schema);
  }

  @AfterEach
  void dropOwnSchemas() {
    dropped.forEach(schemas.server()::dropSchema);
  }

  private DataSource dataSource() throws SQLException {
    PgConnectionUrl url = PgConnectionUrl.parse(schemas.server().connectionUrl());
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(url.jdbcUrl());
    url.user().ifPresent(ds::setUser);
    url.password().ifPresent(ds::setPassword);
    return ds;
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = schemas.server().connect(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private List<String> query(String sql) throws SQLException {
    try (Connection c = schemas.server().connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      List<String> values = new ArrayList<>();
      while (rs.next()) {
        values.add(rs.getString(1));
      }
      return values;
    }
  }
}
