package dev.reflow.trace.storage.sqlite.internal;

import dev.reflow.trace.storage.QueryPlan;
import dev.reflow.trace.storage.TraceQuery;
import dev.reflow.trace.storage.sqlite.SqliteSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.sqlite.SQLiteConfig;

/** {@code EXPLAIN QUERY PLAN} of the statement {@link TraceSql#queryStatement} builds. */
public final class SqliteExplain {
  private SqliteExplain() {}

  /**
   * Opens the database file read-only on one connection (no schema change, no file created),
   * and asks SQLite for the plan of the query's statement with its values bound.
   */
  public static QueryPlan explain(SqliteSettings settings, TraceQuery query) {
    if (settings.inMemory()) {
      throw new IllegalArgumentException("An in-memory SQLite database holds no traces to plan a query on");
    }
    TraceSql.Statement s = TraceSql.queryStatement(query);
    SQLiteConfig readOnly = new SQLiteConfig();
    readOnly.setReadOnly(true);
    String file = Path.of(settings.databasePath()).toAbsolutePath().toString();
    SqliteErrors errors = new SqliteErrors(settings.databasePath(),
        "storage.sqlite." + SqliteSettings.BUSY_TIMEOUT_MS, settings.busyTimeoutMs());
    try {
      return Jdbi.create("jdbc:sqlite:" + file, readOnly.toProperties()).withHandle(h -> {
        Query q = h.createQuery("EXPLAIN QUERY PLAN " + s.sql());
        s.bindings().forEach(q::bind);
        Map<Integer, Integer> depth = new HashMap<>();
        List<String> lines = new ArrayList<>();
        for (Map<String, Object> row : q.mapToMap().list()) {
          int d = depth.getOrDefault(((Number) row.get("parent")).intValue(), -1) + 1;
          depth.put(((Number) row.get("id")).intValue(), d);
          lines.add("  ".repeat(d) + row.get("detail"));
        }
        return new QueryPlan(s.sql(), lines);
      });
    } catch (RuntimeException e) {
      throw errors.query("Could not explain the query", e);
    }
  }
}
