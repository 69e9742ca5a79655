package dev.reflow.trace.storage.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflow.trace.model.ExecutionId;
import dev.reflow.trace.model.ExecutionStatus;
import dev.reflow.trace.storage.QueryPlan;
import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.TraceQuery;
import dev.reflow.trace.storage.TraceStorageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The schema Flyway creates, and that SQLite answers each query shape from an index. */
class SqliteSchemaTest {
  @TempDir Path dir;
  private Path file;
  private TraceStorage storage;
  private Handle raw;

  @BeforeEach
  void open() {
    file = dir.resolve("nested/folders/traces.db");
    storage = new SqliteStorageProvider().create(
        StorageConfig.fromMap(Map.of("storage.sqlite.database_path", file.toString())));
    raw = Jdbi.open("jdbc:sqlite:" + file);
  }

  @AfterEach
  void close() {
    raw.close();
    storage.close();
  }

  @Test
  @DisplayName("Opening creates the database file and its missing parent folders")
  void open_missingFolders_createsFileAndFolders() {
    assertThat(file).as("database file at %s", file).isRegularFile();
    assertThat(file.getParent()).isDirectory();
  }

  @Test
  @DisplayName("Flyway versions 1 and 2 created both tables, and the journal is WAL")
  void open_newFile_appliesMigrations() {
    List<String> tables = raw.createQuery("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .mapTo(String.class).list();
    assertThat(tables).contains("flyway_schema_history", "trace_actors", "traces");
    assertThat(raw.createQuery("SELECT version FROM flyway_schema_history WHERE success = 1")
        .mapTo(String.class).list()).containsExactly("1", "2");
    assertThat(raw.createQuery("PRAGMA journal_mode").mapTo(String.class).one()).isEqualTo("wal");
    assertThat(storage.stats().details()).containsEntry("journal_mode", "wal").containsEntry("schema_version", "2");
  }

  @Test
  @DisplayName("Every filter has an index that ends in the result order (start_time DESC, trace_id)")
  void schema_indexes_coverFiltersAndOrder() {
    List<String> indexes = raw.createQuery("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'traces'")
        .mapTo(String.class).list();
    assertThat(indexes).contains("idx_traces_start", "idx_traces_flow", "idx_traces_execution", "idx_traces_status");
    assertThat(indexColumns("idx_traces_flow")).containsExactly("flow_id", "start_time", "trace_id");
    assertThat(indexColumns("idx_traces_status")).containsExactly("status", "start_time", "trace_id");
    assertThat(indexColumns("idx_traces_execution")).containsExactly("execution_id", "start_time", "trace_id");
    assertThat(indexColumns("idx_traces_start")).containsExactly("start_time", "trace_id");
    assertThat(raw.createQuery("SELECT \"unique\" FROM pragma_index_list('traces') WHERE name = 'idx_traces_start'")
        .mapTo(Integer.class).one()).as("idx_traces_start is the parent key of trace_actors").isEqualTo(1);
    assertThat(raw.createQuery("SELECT name FROM pragma_index_xinfo('sqlite_autoindex_trace_actors_1') WHERE key = 1 ORDER BY seqno")
        .mapTo(String.class).list()).as("trace_actors is keyed in the result order")
        .containsExactly("start_time", "trace_id", "actor_id");
    assertThat(raw.createQuery("SELECT \"desc\" FROM pragma_index_xinfo('idx_traces_flow') WHERE name = 'start_time'")
        .mapTo(Integer.class).one()).as("start_time is descending in idx_traces_flow").isEqualTo(1);
  }

  private List<String> indexColumns(String index) {
    return raw.createQuery("SELECT name FROM pragma_index_info(:index) ORDER BY seqno").bind("index", index)
        .mapTo(String.class).list();
  }

  @Test
  @DisplayName("A flow query searches idx_traces_flow and needs no sort step")
  void plan_flowQuery_usesFlowIndex() {
    String plan = plan(TraceQuery.builder().flowId("orders").limit(50).build());
    assertThat(plan).contains("USING INDEX idx_traces_flow (flow_id=?)").doesNotContain("TEMP B-TREE");
  }

  @Test
  @DisplayName("A status query searches idx_traces_status and needs no sort step")
  void plan_statusQuery_usesStatusIndex() {
    String plan = plan(TraceQuery.builder().status(ExecutionStatus.Kind.FAILED).build());
    assertThat(plan).contains("USING INDEX idx_traces_status (status=?)").doesNotContain("TEMP B-TREE");
  }

  @Test
  @DisplayName("An execution query searches idx_traces_execution")
  void plan_executionQuery_usesExecutionIndex() {
    String plan = plan(TraceQuery.builder().executionId(ExecutionId.random()).build());
    assertThat(plan).contains("USING INDEX idx_traces_execution (execution_id=?)");
  }

  @Test
  @DisplayName("A time-range query searches a start_time range of idx_traces_start, in order")
  void plan_timeRangeQuery_usesStartIndex() {
    String plan = plan(TraceQuery.builder()
        .timeRange(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-03-02T00:00:00Z")).build());
    assertThat(plan).contains("SEARCH t USING INDEX idx_traces_start (start_time>? AND start_time<?)")
        .doesNotContain("TEMP B-TREE");
  }

  @Test
  @DisplayName("An actor query walks idx_traces_start in result order and probes trace_actors by the same key")
  void plan_actorQuery_usesIndexes() {
    String plan = plan(TraceQuery.builder().actorFilter("Validator").limit(20).build());
    assertThat(plan).contains("SCAN t USING INDEX idx_traces_start")
        .contains("SEARCH a USING PRIMARY KEY (start_time=? AND trace_id=?)")
        .doesNotContain("TEMP B-TREE");
  }

  @Test
  @DisplayName("An unfiltered page reads idx_traces_start in order, with no sort step")
  void plan_unfilteredQuery_readsInIndexOrder() {
    assertThat(plan(TraceQuery.builder().limit(10).offset(5).build()))
        .contains("SCAN t USING INDEX idx_traces_start").doesNotContain("TEMP B-TREE");
  }

  /** The plan as the public diagnostics method reports it (what storage-bench writes). */
  private String plan(TraceQuery query) {
    return String.join("\n", SqliteStorageProvider.explain(SqliteSettings.forFile(file.toString()), query).plan());
  }

  @Test
  @DisplayName("explain shows the statement with named parameters, never the query's values, and changes nothing")
  void explain_showsStatementWithoutValues() throws Exception {
    long before = Files.size(file);
    QueryPlan explained = SqliteStorageProvider.explain(SqliteSettings.forFile(file.toString()),
        TraceQuery.builder().flowId("secret-flow-name").limit(3).build());
    assertThat(explained.sql()).startsWith("SELECT").contains("flow_id").doesNotContain("secret-flow-name");
    assertThat(explained.plan()).anyMatch(l -> l.contains("idx_traces_flow"));
    assertThat(Files.size(file)).isEqualTo(before);
  }

  @Test
  @DisplayName("explain of a missing file fails with a storage error naming it and does not create it")
  void explain_missingFile_failsWithoutCreatingIt() {
    Path missing = dir.resolve("missing.db");
    assertThatThrownBy(() -> SqliteStorageProvider.explain(SqliteSettings.forFile(missing.toString()),
        TraceQuery.all()))
        .isInstanceOf(TraceStorageException.class).hasMessageContaining(missing.toString());
    assertThat(missing).doesNotExist();
  }

  @Test
  @DisplayName("Reopening an existing database keeps its schema version and does not re-run migrations")
  void reopen_existingFile_keepsSchema() {
    storage.close();
    storage = SqliteStorageProvider.open(SqliteSettings.forFile(file.toString()));
    assertThat(raw.createQuery("SELECT count(*) FROM flyway_schema_history").mapTo(Integer.class).one()).isEqualTo(2);
    assertThat(Files.exists(file)).isTrue();
  }
}
