package dev.reflow.trace.storage.postgres.internal;

import dev.reflow.trace.storage.postgres.PostgresTableLayout;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/** The rows of one write, sorted by trace id, and the two ways to insert them. */
final class PgRows implements PostgresTableLayout.Rows {
  private static final String COLUMNS = String.join(", ", TraceRow.COLUMN_NAMES);
  private static final String VALUES =
      TraceRow.COLUMN_NAMES.stream().map(c -> ":" + c).collect(Collectors.joining(", "));

  private final String table;
  private final List<TraceRow> rows;

  /**
   * @param table the quoted {@code "schema"."traces"}
   * @param rows one per trace id
   */
  PgRows(String table, List<TraceRow> rows) {
    this.table = table;
    // Rows are locked in one global order (any total order will do), so two batches sharing
    // ids cannot deadlock.
    this.rows = rows.stream().sorted(Comparator.comparing(TraceRow::traceId)).toList();
  }

  int size() {
    return rows.size();
  }

  @Override
  public List<UUID> traceIds() {
    return rows.stream().map(TraceRow::traceId).toList();
  }

  @Override
  public void insert(Handle handle) {
    insertBatch(handle, "");
  }

  @Override
  public void insertOrUpdate(Handle handle, String... conflictColumns) {
    Set<String> key = Set.of(conflictColumns);
    String update = TraceRow.COLUMN_NAMES.stream()
        .filter(c -> !key.contains(c))
        .map(c -> c + " = EXCLUDED." + c)
        .collect(Collectors.joining(", "));
    insertBatch(handle, " ON CONFLICT (" + String.join(", ", Arrays.asList(conflictColumns)) + ") DO UPDATE SET " + update);
  }

  private void insertBatch(Handle handle, String suffix) {
    PreparedBatch batch = handle.prepareBatch("INSERT INTO " + table + " (" + COLUMNS + ") VALUES (" + VALUES + ")" + suffix);
    for (TraceRow row : rows) {
      row.bind(batch).add();
    }
    batch.execute();
  }
}
