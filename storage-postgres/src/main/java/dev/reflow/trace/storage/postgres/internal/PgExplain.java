package dev.reflow.trace.storage.postgres.internal;

import dev.reflow.trace.storage.QueryPlan;
import dev.reflow.trace.storage.TraceQuery;
import dev.reflow.trace.storage.postgres.PostgresSettings;
import dev.reflow.trace.storage.postgres.internal.PgErrors.Operation;
import java.util.Properties;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/** {@code EXPLAIN} of the statement {@link PgTraceStorage#queryStatement} builds. */
public final class PgExplain {
  private PgExplain() {}

  /**
   * Connects once (no pool, no migration) in a read-only transaction and asks PostgreSQL for the
   * plan of the query's statement on {@code <schema>.traces} with its values bound: the custom plan
   * the first executions of a prepared statement get.
   */
  public static QueryPlan explain(String backend, PostgresSettings settings, TraceQuery query) {
    String table = PgSql.ident(settings.schema()) + "." + PgSql.ident("traces");
    PgTraceStorage.QueryStatement s = PgTraceStorage.queryStatement(table, query);
    Properties login = new Properties();
    settings.user().ifPresent(u -> login.setProperty("user", u));
    settings.password().ifPresent(p -> login.setProperty("password", p));
    login.setProperty("ApplicationName", "reflow-trace-storage");
    login.setProperty("logServerErrorDetail", "false");
    try {
      return Jdbi.create(settings.jdbcUrl(), login).withHandle(h -> {
        h.setReadOnly(true);
        Query q = h.createQuery("EXPLAIN " + s.sql());
        s.bindings().forEach(q::bind);
        return new QueryPlan(s.sql(), q.mapTo(String.class).list());
      });
    } catch (RuntimeException e) {
      throw PgErrors.translate(backend, "explain a query on " + settings.schema() + ".traces", Operation.READ, e);
    }
  }
}
