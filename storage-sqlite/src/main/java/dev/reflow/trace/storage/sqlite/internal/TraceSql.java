package dev.reflow.trace.storage.sqlite.internal;

import dev.reflow.trace.storage.TraceQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.result.ResultIterator;
import org.jdbi.v3.core.statement.Query;

/**
 * Every statement of the backend. SQL text is fixed or assembled from fixed fragments; every
 * value, user-supplied or not, is a bound parameter.
 */
public final class TraceSql {
  // The write path binds by position on plain JDBC batches: Jdbi's named bindings cost more per
  // row than SQLite's insert itself (measured on batches of 1,000).
  static final String UPSERT_TRACE = """
      INSERT INTO traces (trace_id, flow_id, execution_id, status, start_time, end_time,
                          event_count, size, codec, doc)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (trace_id) DO UPDATE SET
          flow_id = excluded.flow_id, execution_id = excluded.execution_id,
          status = excluded.status, start_time = excluded.start_time,
          end_time = excluded.end_time, event_count = excluded.event_count,
          size = excluded.size, codec = excluded.codec, doc = excluded.doc""";
  // Keyed (start_time, trace_id, actor_id): after the upsert, a trace's old actor rows carry its
  // new start_time (ON UPDATE CASCADE), so this key finds them.
  static final String DELETE_ACTORS = "DELETE FROM trace_actors WHERE start_time = ? AND trace_id = ?";
  static final String INSERT_ACTOR = "INSERT INTO trace_actors (start_time, trace_id, actor_id) VALUES (?, ?, ?)";
  static final String SELECT_DOC = "SELECT trace_id, codec, doc FROM traces WHERE trace_id = ?";
  public static final String DELETE_TRACE_SQL = "DELETE FROM traces WHERE trace_id = :trace_id";
  /**
   * Traces per retention transaction. A deleted row rewrites its leaf page (a row of a few KB fills
   * one), so a batch's WAL is up to this many pages plus index pages: about 0.5 MB here, where
   * 1,000 needed more than 4 MB (measured on synthetic traces of ~5 KB).
   */
  public static final int RETENTION_BATCH_SIZE = 100;

  /**
   * One retention batch, oldest first, by rowid (idx_traces_start holds it, so the subquery reads
   * only the index); SQLite has no DELETE ... LIMIT unless compiled with it.
   */
  public static final String DELETE_OLDER_BATCH_SQL = """
      DELETE FROM traces WHERE rowid IN (
          SELECT rowid FROM traces WHERE start_time < :cutoff ORDER BY start_time LIMIT :limit)""";
  public static final String STATS_SQL = """
      SELECT count(*) AS traces, coalesce(sum(event_count), 0) AS events,
             min(start_time) AS oldest, max(start_time) AS newest,
             coalesce(sum(length(doc)), 0) AS doc_bytes, coalesce(sum(size), 0) AS json_bytes,
             coalesce(sum(codec <> 'json'), 0) AS compressed
      FROM traces""";
  public static final String FILE_FACTS_SQL = """
      SELECT (SELECT page_count FROM pragma_page_count()) AS page_count,
             (SELECT page_size FROM pragma_page_size()) AS page_size,
             (SELECT freelist_count FROM pragma_freelist_count()) AS freelist_count,
             (SELECT journal_mode FROM pragma_journal_mode()) AS journal_mode""";

  private TraceSql() {}

  /**
   * Writes the rows: traces first (the actor rows reference them), then each trace's actor set
   * replaced. Three prepared batches, whatever the number of rows. Call inside a transaction.
   */
  public static void upsert(Handle handle, Collection<TraceRow> rows) {
    Connection c = handle.getConnection();
    try (PreparedStatement traces = c.prepareStatement(UPSERT_TRACE);
        PreparedStatement clear = c.prepareStatement(DELETE_ACTORS);
        PreparedStatement actors = c.prepareStatement(INSERT_ACTOR)) {
      int actorCount = 0;
      for (TraceRow r : rows) {
        traces.setString(1, r.traceId());
        traces.setString(2, r.flowId());
        traces.setString(3, r.executionId());
        traces.setString(4, r.status());
        traces.setLong(5, r.startTime());
        if (r.endTime() == null) {
          traces.setNull(6, Types.INTEGER);
        } else {
          traces.setLong(6, r.endTime());
        }
        traces.setInt(7, r.eventCount());
        traces.setInt(8, r.size());
        traces.setString(9, r.codec());
        traces.setBytes(10, r.doc());
        traces.addBatch();
        clear.setLong(1, r.startTime());
        clear.setString(2, r.traceId());
        clear.addBatch();
        for (String actor : r.actorIds()) {
          actors.setLong(1, r.startTime());
          actors.setString(2, r.traceId());
          actors.setString(3, actor);
          actors.addBatch();
          actorCount++;
        }
      }
      traces.executeBatch();
      clear.executeBatch();
      if (actorCount > 0) {
        actors.executeBatch();
      }
    } catch (SQLException e) {
      // SqliteErrors classifies by the SQLException in the cause chain (busy, full, corrupt...).
      throw new IllegalStateException("SQLite batch write failed: " + e.getMessage(), e);
    }
  }

  /**
   * The stored document of one trace; plain JDBC, as the write path, on this hot path, with the
   * connection's kept {@link #SELECT_DOC} statement ({@link SqliteConnections#prepared}).
   */
  public static Optional<StoredDocument> select(PreparedStatement selectDoc, String traceId) throws SQLException {
    selectDoc.setString(1, traceId);
    try (ResultSet rs = selectDoc.executeQuery()) {
      return rs.next() ? Optional.of(document(rs)) : Optional.empty();
    }
  }

  /** The page of documents a query selects, in the normative order, in one statement. */
  public static List<StoredDocument> select(Handle handle, TraceQuery query) {
    Statement s = queryStatement(query);
    Query q = handle.createQuery(s.sql());
    s.bindings().forEach(q::bind);
    return q.map((rs, ctx) -> document(rs)).list();
  }

  /** A query's row as a stream reads it: the document and its start time (for the position). */
  public record StreamedRow(StoredDocument document, long startTimeMicros) {}

  /**
   * The query's rows, read one at a time as the caller advances: SQLite steps the statement, so
   * memory holds one row whatever the number of matches. Close the iterator (and the handle).
   */
  public static ResultIterator<StreamedRow> iterate(Handle handle, TraceQuery query) {
    Statement s = queryStatement(query);
    Query q = handle.createQuery(s.sql());
    s.bindings().forEach(q::bind);
    return q.map((rs, ctx) -> new StreamedRow(document(rs), rs.getLong(4))).iterator();
  }

  /** A row of {@code SELECT trace_id, codec, doc}, the columns both selects read. */
  private static StoredDocument document(ResultSet rs) throws SQLException {
    return new StoredDocument(rs.getString(1), rs.getString(2), rs.getBytes(3));
  }

  /** SQL and bindings of a query; public so that tests can ask SQLite for its plan. */
  public record Statement(String sql, Map<String, Object> bindings) {}

  /**
   * Builds the query from fixed fragments. The actor filter uses {@code instr}, which compares
   * bytes: SQLite's {@code LIKE} ignores ASCII case and gives {@code %} and {@code _} meaning,
   * and the filter must be case-sensitive and literal.
   */
  public static Statement queryStatement(TraceQuery query) {
    return statement(query, false);
  }

  /** {@code count(*)} over the query's filters and position; its limit and offset do not apply. */
  public static Statement countStatement(TraceQuery query) {
    return statement(query, true);
  }

  private static Statement statement(TraceQuery query, boolean count) {
    List<String> where = new ArrayList<>();
    Map<String, Object> bind = new LinkedHashMap<>();
    if (query.flowId() != null) {
      where.add("t.flow_id = :flow_id");
      bind.put("flow_id", query.flowId().value());
    }
    if (query.executionId() != null) {
      where.add("t.execution_id = :execution_id");
      bind.put("execution_id", query.executionId().toString());
    }
    if (query.status() != null) {
      where.add("t.status = :status");
      bind.put("status", query.statusKind().variantName());
    }
    if (query.from() != null) {
      where.add("t.start_time >= :from_micros");
      bind.put("from_micros", query.fromMicros());
    }
    if (query.to() != null) {
      where.add("t.start_time <= :to_micros");
      bind.put("to_micros", query.toMicros());
    }
    if (query.after() != null) {
      // Keyset: strictly after the position in (start_time DESC, trace_id ASC); the first term
      // alone bounds the index range, the second drops the position's earlier equals.
      where.add("t.start_time <= :after_time AND (t.start_time < :after_time OR t.trace_id > :after_id)");
      bind.put("after_time", query.after().startTimeMicros());
      bind.put("after_id", query.after().traceId().toString());
    }
    if (query.actorFilter() != null) {
      // By the actor table's whole key prefix, (start_time, trace_id): the query walks its index in
      // that order, so consecutive probes read neighbouring rows (schema version 2).
      where.add("EXISTS (SELECT 1 FROM trace_actors a WHERE a.start_time = t.start_time"
          + " AND a.trace_id = t.trace_id AND instr(a.actor_id, :actor) > 0)");
      bind.put("actor", query.actorFilter());
    }
    StringBuilder sql = new StringBuilder(count ? "SELECT count(*) FROM traces t"
        : "SELECT t.trace_id, t.codec, t.doc, t.start_time FROM traces t");
    if (!where.isEmpty()) {
      sql.append(" WHERE ").append(String.join(" AND ", where));
    }
    if (count) {
      return new Statement(sql.toString(), bind);
    }
    sql.append(" ORDER BY t.start_time DESC, t.trace_id ASC LIMIT :limit OFFSET :offset");
    // LIMIT -1 is SQLite's "no limit".
    bind.put("limit", query.limit() == null ? -1L : query.limit().longValue());
    bind.put("offset", query.offset() == null ? 0L : query.offset().longValue());
    return new Statement(sql.toString(), bind);
  }
}
