package dev.reflow.trace.bench;

import dev.reflow.trace.bench.ScaleQueries.ScaleQuery;
import dev.reflow.trace.storage.QueryPlan;
import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.postgres.PostgresSettings;
import dev.reflow.trace.storage.postgres.PostgresStorageProvider;
import dev.reflow.trace.storage.sqlite.SqliteSettings;
import dev.reflow.trace.storage.sqlite.SqliteStorageProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The plan of each scale query on each data set, asked of the database for exactly the statement
 * our backend runs through the providers' public {@code explain} (SQLite: {@code EXPLAIN QUERY
 * PLAN}; PostgreSQL: {@code EXPLAIN} with the values bound, so the custom plan the first
 * executions get), with a plain-language verdict: does it use an index,
 * and does it read in result order or sort every match first. Query cost follows the result size
 * only in the first case. Written to {@code plans-<backend>-<traces>.txt} for {@link Report}:
 *
 * <pre>
 * ## queryByFlow
 * verdict: uses index idx_traces_flow; ...
 * query: ...
 * sql: ...
 * plan:
 * ...
 * </pre>
 */
final class QueryPlans {
  private static final Pattern SQL_ALIAS = Pattern.compile("(?:FROM|JOIN) (\\w+) (\\w+)");
  private static final Pattern SQLITE_INDEX = Pattern.compile("^(?:SCAN|SEARCH) (\\S+) USING (?:(?:COVERING )?INDEX (\\S+)|(?:INTEGER )?PRIMARY KEY)");
  private static final Pattern SQLITE_FULL_SCAN = Pattern.compile("^SCAN (\\S+)$");
  private static final Pattern PG_INDEX = Pattern.compile("Index (?:Only )?Scan(?: Backward)? using (\\S+)|Bitmap Index Scan on (\\S+)");
  private static final Pattern PG_SORT = Pattern.compile("^(?:->\\s+)?(?:Incremental )?Sort\\b");

  private QueryPlans() {}

  static void write(String backend, int traces, Path dir) {
    StringBuilder out = new StringBuilder("# EXPLAIN of the statements the " + backend + " backend runs, "
        + traces + " traces stored\n");
    StorageConfig config = ScaleData.config(backend, traces);
    for (ScaleQuery q : ScaleQueries.ALL) {
      QueryPlan explained = backend.equals("sqlite")
          ? SqliteStorageProvider.explain(SqliteSettings.from(config), q.query())
          : PostgresStorageProvider.explain(PostgresSettings.from(config.section(PostgresStorageProvider.NAME)), q.query());
      String sql = explained.sql();
      List<String> plan = explained.plan();
      out.append("## ").append(q.name()).append('\n')
          .append("verdict: ").append(backend.equals("sqlite") ? sqliteVerdict(plan, sql) : postgresVerdict(plan)).append('\n')
          .append("query: ").append(q.description()).append('\n')
          .append("sql: ").append(sql).append('\n')
          .append("plan:\n").append(String.join("\n", plan)).append('\n');
    }
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve("plans-" + backend + "-" + traces + ".txt");
      Files.writeString(file, out);
      System.out.println("wrote " + file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SQLite's plan names tables by their alias in the SQL ({@code traces t}); the verdict names the table. */
  static String sqliteVerdict(List<String> plan, String sql) {
    Map<String, String> tables = new HashMap<>();
    Matcher alias = SQL_ALIAS.matcher(sql);
    while (alias.find()) {
      tables.put(alias.group(2), alias.group(1));
    }
    List<String> indexes = new ArrayList<>();
    for (String line : plan) {
      String row = line.strip();
      Matcher scan = SQLITE_FULL_SCAN.matcher(row);
      if (scan.find()) {
        return "does NOT use an index: reads every row of " + tables.getOrDefault(scan.group(1), scan.group(1))
            + " (`" + row + "`)";
      }
      Matcher index = SQLITE_INDEX.matcher(row);
      if (index.find()) {
        indexes.add(index.group(2) != null ? index.group(2)
            : "the primary key of " + tables.getOrDefault(index.group(1), index.group(1)));
      }
    }
    boolean sorts = plan.stream().anyMatch(l -> l.contains("USE TEMP B-TREE FOR ORDER BY"));
    return indexVerdict(indexes, sorts);
  }

  static String postgresVerdict(List<String> plan) {
    List<String> indexes = new ArrayList<>();
    boolean sorts = false;
    for (String line : plan) {
      String row = line.strip();
      if (row.matches("(?:->\\s+)?(?:Parallel )?Seq Scan on .*")) {
        return "does NOT use an index: reads the whole table (`" + row.replaceAll("\\s+\\(cost=.*", "") + "`)";
      }
      Matcher index = PG_INDEX.matcher(row);
      if (index.find()) {
        indexes.add(index.group(1) != null ? index.group(1) : index.group(2));
      }
      sorts |= PG_SORT.matcher(row).find();
    }
    return indexVerdict(indexes, sorts);
  }

  private static String indexVerdict(List<String> indexes, boolean sorts) {
    if (indexes.isEmpty()) {
      return "does NOT use an index";
    }
    String uses = "uses an index (" + String.join(", ", indexes.stream().distinct().toList()) + ")";
    return sorts
        ? uses + " but sorts every matching row before the limit: its cost grows with the number of matches"
        : uses + " and reads rows in result order with no sort: it stops at the 50th match";
  }
}
