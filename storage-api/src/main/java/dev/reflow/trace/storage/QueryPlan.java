package dev.reflow.trace.storage;

import java.util.List;
import java.util.Objects;

/**
 * What a SQL backend runs for a {@link TraceQuery} and how its database plans it: a diagnostic
 * for benchmarks and operators (for example {@code SqliteStorageProvider.explain} and
 * {@code PostgresStorageProvider.explain}), never needed to store or read traces. Query cost
 * follows the result size only when the plan uses an index and reads in result order.
 *
 * @param sql the statement the backend's {@code query} runs, with named parameters: the query's
 *     values (which may be trace content) are bound, never written into it
 * @param plan the database's plan of that statement with the values bound, one line per step as
 *     the database's own shell shows it (children indented under their parent)
 */
public record QueryPlan(String sql, List<String> plan) {
  public QueryPlan {
    Objects.requireNonNull(sql, "sql");
    plan = List.copyOf(plan);
  }
}
