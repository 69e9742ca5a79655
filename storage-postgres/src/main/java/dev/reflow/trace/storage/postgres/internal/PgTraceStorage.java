package dev.reflow.trace.storage.postgres.internal;

import com.zaxxer.hikari.HikariDataSource;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.Timestamp;
import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.storage.StorageClosedException;
import dev.reflow.trace.storage.StorageConnectionException;
import dev.reflow.trace.storage.StorageStats;
import dev.reflow.trace.storage.TraceQuery;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.TraceStorageException;
import dev.reflow.trace.storage.spi.TraceBatches;
import dev.reflow.trace.storage.spi.TraceDocuments;
import dev.reflow.trace.storage.postgres.PostgresSettings;
import dev.reflow.trace.storage.postgres.PostgresTableLayout;
import dev.reflow.trace.storage.postgres.internal.PgErrors.Operation;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.result.ResultIterator;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.postgresql.PGConnection;
import org.postgresql.PGStatement;
import dev.reflow.trace.storage.StoredTrace;
import dev.reflow.trace.storage.spi.CursorStreams;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * {@link TraceStorage} on PostgreSQL: one row per trace in {@code <schema>.traces} holding the
 * Reflow JSON document ({@code bytea}, zstd above the threshold) and denormalized filter columns.
 * Filtering, ordering and paging happen in SQL, with the one exception documented on
 * {@link PgText}. How rows are written, how the table's size is measured and which facts stats
 * add are its {@link PostgresTableLayout}'s: the PostgreSQL backend's or TimescaleDB's.
 */
public final class PgTraceStorage implements TraceStorage {
  /**
   * Characters of {@code flow_id} in {@code traces_flow_id_prefix_idx} (migration V2 of both the
   * PostgreSQL and the TimescaleDB schema): at most 1 KB in UTF-8, well inside a btree entry.
   */
  public static final int FLOW_ID_INDEX_PREFIX = 256;
  private static final RowMapper<FlowTrace> DOCUMENT =
      (rs, ctx) -> TraceDocuments.decode(rs.getString("codec"), rs.getBytes("doc"));
  private static final RowMapper<StoredTrace> STORED = (rs, ctx) -> TraceDocuments.storedTrace(
      TraceId.of(rs.getObject("trace_id", java.util.UUID.class)),
      micros(rs.getObject("start_time", OffsetDateTime.class)),
      rs.getString("codec"), rs.getBytes("doc"));
  private static final RowMapper<byte[]> JSON =
      (rs, ctx) -> TraceDocuments.decodeJson(rs.getString("codec"), rs.getBytes("doc"));

  private final String backend;
  private final PostgresSettings settings;
  private final PostgresTableLayout layout;
  private final PgTable tableInfo;
  private final HikariDataSource dataSource;
  private final Jdbi jdbi;
  /** {@code "schema"."traces"}, quoted. */
  private final String table;
  private final boolean actorIndex;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * @param dataSource a started pool on a migrated, prepared schema; closed by {@link #close()}
   * @param actorIndex whether the trigram index on the actors column exists (reported in stats)
   */
  private PgTraceStorage(PgTable tableInfo, PostgresTableLayout layout, HikariDataSource dataSource, Jdbi jdbi,
      boolean actorIndex) {
    this.backend = tableInfo.backend();
    this.settings = tableInfo.settings();
    this.layout = layout;
    this.tableInfo = tableInfo;
    this.dataSource = dataSource;
    this.jdbi = jdbi;
    this.table = tableInfo.qualifiedName();
    this.actorIndex = actorIndex;
  }

  /**
   * Opens a pool, runs the layout's migrations, lets the layout prepare the table, checks that the
   * table takes every column a row writes, and adds the actor index. The pool is closed again when
   * any step fails.
   */
  public static TraceStorage open(String backend, PostgresSettings settings, PostgresTableLayout layout) {
    Objects.requireNonNull(layout, "layout");
    HikariDataSource dataSource = PgDataSources.open(backend, settings);
    try {
      Jdbi jdbi = Jdbi.create(dataSource);
      boolean citus;
      try {
        citus = PgDistribution.resolve(backend, settings, jdbi);
      } catch (RuntimeException e) { // ours pass through unchanged
        throw PgErrors.translate(backend, "check " + settings.key("distribution"), Operation.READ, e);
      }
      if (citus) {
        layout = new PgDistribution.Citus(layout);
      }
      PgSchema.migrate(backend, dataSource, settings.schema(), layout.migrations(), PgDistribution.placeholders(settings));
      PgTable tableInfo = new PgTable(backend, settings);
      try {
        layout.prepare(tableInfo, jdbi);
      } catch (TraceStorageException e) {
        throw e;
      } catch (RuntimeException e) {
        String detail = tableInfo.reason(e);
        if (PgErrors.isConnectionFailure(e)) {
          throw new StorageConnectionException(backend + ": lost the connection while preparing "
              + settings.schema() + ".traces: " + detail, e);
        }
        throw new TraceStorageException(backend + ": could not prepare " + settings.schema() + ".traces: " + detail, e);
      }
      PgSchema.checkColumns(backend, jdbi, settings.schema(), layout.migrations());
      boolean actorIndex = PgSchema.ensureActorIndex(jdbi, settings.schema(), "traces");
      return new PgTraceStorage(tableInfo, layout, dataSource, jdbi, actorIndex);
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
  }

  @Override
  public void store(FlowTrace trace) {
    Objects.requireNonNull(trace, "trace");
    requireOpen();
    PgRows rows = new PgRows(table, List.of(TraceRow.of(trace, settings.compressionThreshold())));
    inTransaction(Operation.WRITE, "store trace " + trace.traceId(), h -> {
      layout.writeRows(tableInfo, h, rows);
      return null;
    });
  }

  @Override
  public void storeAll(Collection<FlowTrace> traces) {
    Objects.requireNonNull(traces, "traces");
    requireOpen();
    // Encode everything before the transaction: a trace that cannot be written fails the call
    // with nothing stored.
    write(TraceBatches.lastPerId(traces, (trace, index) -> TraceRow.of(trace, settings.compressionThreshold())));
  }

  /**
   * The given bytes, checked and compressed as {@code storeAll} would store them (a zstd frame the
   * source read them from is stored as it is); never parsed.
   */
  @Override
  public void storeAllJson(Collection<StoredTrace> traces) {
    Objects.requireNonNull(traces, "traces");
    requireOpen();
    write(TraceBatches.lastPerIdJson(traces, (indexed, stored, index) ->
        TraceRow.of(indexed, TraceDocuments.encodeJson(stored, settings.compressionThreshold()))));
  }

  private void write(List<TraceRow> encoded) {
    if (encoded.isEmpty()) {
      return;
    }
    PgRows rows = new PgRows(table, encoded);
    inTransaction(Operation.WRITE, "store " + rows.size() + " traces", h -> {
      layout.writeRows(tableInfo, h, rows);
      return null;
    });
  }

  @Override
  public Optional<FlowTrace> get(TraceId traceId) {
    return selectById(traceId, DOCUMENT);
  }

  /** The stored JSON, decompressed but never parsed. */
  @Override
  public Optional<byte[]> getJson(TraceId traceId) {
    return selectById(traceId, JSON);
  }

  private <T> Optional<T> selectById(TraceId traceId, RowMapper<T> mapper) {
    Objects.requireNonNull(traceId, "traceId");
    return inHandle(Operation.READ, "get trace " + traceId, h -> h
        .createQuery("SELECT codec, doc FROM " + table + " WHERE trace_id = :id")
        .bind("id", traceId.value())
        .map(mapper)
        .findOne());
  }

  @Override
  public List<FlowTrace> query(TraceQuery query) {
    Objects.requireNonNull(query, "query");
    QueryStatement s = queryStatement(table, query);
    List<FlowTrace> found = inHandle(Operation.READ, "query " + describe(query), h -> {
      Query q = h.createQuery(s.sql());
      s.bindings().forEach(q::bind);
      return q.map(DOCUMENT).list();
    });
    if (s.exact()) {
      return found;
    }
    // The database returned a superset (see PgText): filter and page the decoded traces.
    return found.stream()
        .filter(query::matches)
        .skip(query.offset() == null ? 0 : query.offset())
        .limit(query.limit() == null ? Long.MAX_VALUE : query.limit())
        .toList();
  }

  /** Rows fetched per round trip by a stream: a few MB of documents at most. */
  private static final int STREAM_FETCH_SIZE = 256;

  /**
   * Asks the driver for the stream's rows in binary format from the first execution (a negative
   * prepare threshold: one more round trip to describe the statement first). Otherwise the server
   * writes every {@code bytea} document out as hex text, twice its size, and the driver decodes it
   * back: measured on 100,000 stored documents, a plain-JDBC read of the same rows took 1.6 to 1.9
   * times as long in text as in binary, most of it the server's encoding. Skipped when the
   * connection URL turns server-side prepared statements off ({@code prepareThreshold=0}, as
   * behind a PgBouncer in transaction mode): forcing binary would prepare a named statement.
   */
  private static final StatementCustomizer BINARY_RESULTS = new StatementCustomizer() {
    @Override
    public void beforeExecution(PreparedStatement stmt, StatementContext ctx) throws SQLException {
      if (stmt.getConnection().unwrap(PGConnection.class).getPrepareThreshold() != 0) {
        stmt.unwrap(PGStatement.class).setPrepareThreshold(-1);
      }
    }
  };

  /**
   * Read through a server-side cursor: the driver fetches {@value #STREAM_FETCH_SIZE} rows at a
   * time, which it does only inside a transaction, so the stream holds one connection in a
   * read-only transaction until it is closed or exhausted.
   */
  @Override
  public Stream<FlowTrace> stream(TraceQuery query) {
    return streamRows(query, DOCUMENT, TraceStorage.super::stream);
  }

  /** The stored JSON, decompressed but never parsed, read as {@link #stream}. */
  @Override
  public Stream<StoredTrace> streamJson(TraceQuery query) {
    return streamRows(query, STORED, TraceStorage.super::streamJson);
  }

  private <T> Stream<T> streamRows(TraceQuery query, RowMapper<T> mapper, Function<TraceQuery, Stream<T>> pages) {
    Objects.requireNonNull(query, "query");
    requireOpen();
    QueryStatement s = queryStatement(table, query);
    if (!s.exact()) {
      // The superset SQL returns is filtered in Java (PgText); pages of query do that.
      return pages.apply(query);
    }
    String what = "stream " + describe(query);
    Handle h;
    try {
      h = jdbi.open();
    } catch (RuntimeException e) {
      throw failure(Operation.READ, what, e);
    }
    try {
      h.begin();
      Query q = h.createQuery(s.sql());
      s.bindings().forEach(q::bind);
      q.setFetchSize(STREAM_FETCH_SIZE);
      q.addCustomizer(BINARY_RESULTS);
      ResultIterator<T> rows = q.map(mapper).iterator();
      return CursorStreams.of(rows, () -> {
        try {
          rows.close();
        } finally {
          try {
            h.rollback(); // read only: nothing to keep, and the connection goes back clean
          } finally {
            h.close();
          }
        }
      }, e -> e instanceof TraceStorageException t ? t
          : failure(Operation.READ, what, e instanceof RuntimeException r ? r : new IllegalStateException(e)));
    } catch (RuntimeException e) {
      try {
        h.close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw failure(Operation.READ, what, e);
    }
  }

  @Override
  public long count(TraceQuery query) {
    Objects.requireNonNull(query, "query");
    QueryStatement s = countStatement(table, query);
    if (!s.exact()) {
      return TraceStorage.super.count(query);
    }
    return inHandle(Operation.READ, "count " + describe(query), h -> {
      Query q = h.createQuery(s.sql());
      s.bindings().forEach(q::bind);
      return q.mapTo(Long.class).one();
    });
  }

  /**
   * SQL and bindings of a query; public so that tests and benchmarks can ask PostgreSQL for the
   * plan of exactly the statement {@link #query} runs.
   *
   * @param exact false when the database returns a superset that the caller filters and pages
   *     (see {@link PgText}); the SQL then has no LIMIT and OFFSET
   */
  public record QueryStatement(String sql, Map<String, Object> bindings, boolean exact) {}

  /** The statement {@link #query} runs on {@code table} (quoted {@code "schema"."traces"}). */
  public static QueryStatement queryStatement(String table, TraceQuery query) {
    Map<String, Object> bind = new LinkedHashMap<>();
    StringBuilder sql = new StringBuilder("SELECT trace_id, start_time, codec, doc FROM ").append(table)
        .append(where(query, bind));
    sql.append(" ORDER BY start_time DESC, trace_id ASC");
    boolean exact = exact(query);
    if (exact && query.limit() != null) {
      sql.append(" LIMIT :limit");
      bind.put("limit", query.limit().longValue());
    }
    if (exact && query.offset() != null) {
      sql.append(" OFFSET :offset");
      bind.put("offset", query.offset().longValue());
    }
    return new QueryStatement(sql.toString(), bind, exact);
  }

  /** {@code count(*)} over the query's filters and position (limit and offset do not apply). */
  static QueryStatement countStatement(String table, TraceQuery query) {
    Map<String, Object> bind = new LinkedHashMap<>();
    String sql = "SELECT count(*) FROM " + table + where(query, bind);
    return new QueryStatement(sql, bind, exact(query));
  }

  /** Whether SQL alone decides the matches (see {@link PgText}). */
  private static boolean exact(TraceQuery query) {
    return query.actorFilter() == null || PgText.substringSearchIsExact(query.actorFilter());
  }

  /** The WHERE clause of the query's filters and position, binding their values into {@code bind}. */
  private static String where(TraceQuery query, Map<String, Object> bind) {
    StringBuilder sql = new StringBuilder(" WHERE true");
    if (query.flowId() != null) {
      // The index holds the first FLOW_ID_INDEX_PREFIX characters (migration V2: a btree entry
      // cannot hold a long flow id); the prefix finds candidates in it, the full value is exact.
      sql.append(" AND left(flow_id, " + FLOW_ID_INDEX_PREFIX + ") = left(:flow_id, " + FLOW_ID_INDEX_PREFIX + ")"
          + " AND flow_id = :flow_id");
      bind.put("flow_id", PgText.encode(query.flowId().value()));
    }
    if (query.executionId() != null) {
      sql.append(" AND execution_id = :execution_id");
      bind.put("execution_id", query.executionId().value());
    }
    if (query.from() != null) {
      sql.append(" AND start_time >= :from");
      bind.put("from", PgSql.timestamptz(TraceRow.micros(query.fromMicros())));
    }
    if (query.to() != null) {
      sql.append(" AND start_time <= :to");
      bind.put("to", PgSql.timestamptz(TraceRow.micros(query.toMicros())));
    }
    if (query.after() != null) {
      // Keyset: strictly after the position in (start_time DESC, trace_id ASC). The first term
      // alone bounds the index range scan; the second drops the position's earlier equals.
      sql.append(" AND start_time <= :after_time AND (start_time < :after_time OR trace_id > :after_id)");
      bind.put("after_time", PgSql.timestamptz(TraceRow.micros(query.after().startTimeMicros())));
      bind.put("after_id", query.after().traceId().value());
    }
    if (query.status() != null) {
      sql.append(" AND status = :status");
      bind.put("status", query.status().kind().variantName());
    }
    String actor = query.actorFilter();
    if (actor != null) {
      // Every actor id is preceded by the separator: an empty filter matches any trace with an event.
      if (actor.isEmpty()) {
        sql.append(" AND actors <> ''");
      } else {
        sql.append(" AND actors LIKE :actor");
        bind.put("actor", PgText.containsPattern(actor));
      }
    }
    return sql.toString();
  }

  @Override
  public boolean delete(TraceId traceId) {
    Objects.requireNonNull(traceId, "traceId");
    return inTransaction(Operation.WRITE, "delete trace " + traceId, h -> h
        .createUpdate("DELETE FROM " + table + " WHERE trace_id = :id")
        .bind("id", traceId.value())
        .execute() > 0);
  }

  /**
   * Deletes in transactions of {@link TraceBatches#DELETE_BATCH_SIZE} traces, oldest first, by
   * key ((trace_id, start_time), the key of both layouts): one huge DELETE would hold its row
   * locks, its WAL and its dead tuples until the very end and lose all of it on a failure; small
   * ones let vacuum, checkpoints and other writers through, and a failure keeps what committed.
   */
  @Override
  public long deleteOlderThan(Instant cutoff) {
    Objects.requireNonNull(cutoff, "cutoff");
    OffsetDateTime micros = TraceRow.micros(Timestamp.of(cutoff).epochMicros());
    String sql = "DELETE FROM " + table + " WHERE start_time < :cutoff AND (trace_id, start_time) IN ("
        + "SELECT trace_id, start_time FROM " + table + " WHERE start_time < :cutoff ORDER BY start_time LIMIT :limit)";
    return TraceBatches.deleteInBatches(TraceBatches.DELETE_BATCH_SIZE, limit ->
        inTransaction(Operation.WRITE, "delete traces older than " + cutoff, h -> (long) h
            .createUpdate(sql)
            .bind("cutoff", PgSql.timestamptz(micros))
            .bind("limit", limit)
            .execute()));
  }

  @Override
  public StorageStats stats() {
    return inHandle(Operation.READ, "stats", h -> {
      Map<String, Object> counts = h.createQuery(
              "SELECT count(*) AS traces, coalesce(sum(event_count), 0) AS events FROM " + table)
          .mapToMap()
          .one();
      long traces = ((Number) counts.get("traces")).longValue();
      long events = ((Number) counts.get("events")).longValue();
      Instant oldest = exactEdge(h, "min", Comparator.naturalOrder());
      Instant newest = exactEdge(h, "max", Comparator.reverseOrder());
      Map<String, String> details = new LinkedHashMap<>();
      details.put("schema", settings.schema());
      details.put("actor_index", actorIndex ? "pg_trgm" : "none");
      layout.addDetails(tableInfo, h, details);
      PgDistribution.addNone(details);
      return new StorageStats(traces, events, layout.storageSize(tableInfo, h), oldest, newest, details);
    });
  }

  /**
   * The exact (nanosecond) start time of the oldest or newest trace. The column holds
   * microseconds, so the documents at the edge decide.
   */
  private Instant exactEdge(Handle h, String aggregate, Comparator<Timestamp> first) {
    return h.createQuery("SELECT codec, doc FROM " + table + " WHERE start_time = (SELECT " + aggregate
            + "(start_time) FROM " + table + ")")
        .map(DOCUMENT)
        .stream()
        .map(FlowTrace::startTime)
        .min(first)
        .map(Timestamp::toInstant)
        .orElse(null);
  }

  @Override
  public String backendName() {
    return backend;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      dataSource.close();
    }
  }

  private void requireOpen() {
    if (closed.get()) {
      throw new StorageClosedException(backend);
    }
  }

  /** Runs a callback in one transaction, translating failures. */
  private <T> T inTransaction(Operation op, String what, HandleCallback<T, RuntimeException> callback) {
    requireOpen();
    try {
      return jdbi.inTransaction(callback);
    } catch (RuntimeException e) {
      throw failure(op, what, e);
    }
  }

  /** Runs a callback on one connection (auto-commit), translating failures. */
  private <T> T inHandle(Operation op, String what, HandleCallback<T, RuntimeException> callback) {
    requireOpen();
    try {
      return jdbi.withHandle(callback);
    } catch (RuntimeException e) {
      throw failure(op, what, e);
    }
  }

  private RuntimeException failure(Operation op, String what, RuntimeException e) {
    if (closed.get()) {
      StorageClosedException closedException = new StorageClosedException(backend);
      closedException.addSuppressed(e);
      return closedException;
    }
    return PgErrors.translate(backend, what, op, e);
  }

  private static long micros(OffsetDateTime t) {
    return Math.addExact(Math.multiplyExact(t.toEpochSecond(), 1_000_000L), t.getNano() / 1000);
  }

  private static String describe(TraceQuery query) {
    // Filter values may be user text: name the filters, not their values.
    List<String> parts = new ArrayList<>();
    if (query.flowId() != null) {
      parts.add("flow_id");
    }
    if (query.executionId() != null) {
      parts.add("execution_id");
    }
    if (query.from() != null || query.to() != null) {
      parts.add("time_range");
    }
    if (query.status() != null) {
      parts.add("status");
    }
    if (query.actorFilter() != null) {
      parts.add("actor_filter");
    }
    return parts.isEmpty() ? "(all traces)" : "by " + String.join(", ", parts);
  }
}
