package dev.reflow.trace.storage.postgres;

import dev.reflow.trace.storage.postgres.internal.PgSql;
import dev.reflow.trace.storage.postgres.internal.TraceRow;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * How a PostgreSQL-family backend lays out its traces table: which migrations create it, how a
 * batch of rows is written, how its size is measured and which facts {@code stats()} adds. It is
 * the one extension point of this module: the PostgreSQL backend runs on a plain table keyed by
 * {@code trace_id} (upserts), and {@code storage-timescale} supplies a layout whose table is a
 * hypertable keyed by {@code (trace_id, start_time)}. Everything else — the pool, Flyway, the
 * document encoding, reads, queries, deletes, error translation, closing — belongs to the storage
 * that {@link PostgresStorageProvider#open} returns, which a layout cannot change.
 *
 * <p>The contract a layout keeps:
 *
 * <ul>
 *   <li>{@link #migrations()} creates {@code traces} in the configured schema with every column of
 *       {@link #COLUMNS} (types as in this module's {@code db/migration/postgres/V1__create_traces.sql});
 *       any further column is nullable or has a default. The storage checks this when it opens and
 *       fails naming the missing columns, so a migration cannot drift from the code unnoticed.
 *   <li>Reads look rows up by {@code trace_id} and order by {@code (start_time DESC, trace_id)}:
 *       the migrations index both.
 *   <li>After {@link #writeRows}, exactly one row per written trace id exists.
 *   <li>An instance serves one storage. {@link #prepare} runs once, after the migrations and before
 *       any other call; the other methods may then be called from many threads at once.
 * </ul>
 */
public interface PostgresTableLayout {

  /**
   * The columns every row writes, in insert order: the traces table must have each of them. The
   * list comes from the code that binds the rows, so it cannot disagree with it.
   */
  List<String> COLUMNS = TraceRow.COLUMN_NAMES;

  /** The Flyway location of this layout's migrations, e.g. {@code classpath:db/migration/postgres}. */
  String migrations();

  /**
   * Runs once when the storage opens, after the migrations: for example turns the table into a
   * hypertable. Exceptions other than {@link dev.reflow.trace.storage.TraceStorageException}s are
   * translated (a lost connection into {@link dev.reflow.trace.storage.StorageConnectionException}),
   * and the storage is not opened.
   */
  default void prepare(TraceTable table, Jdbi jdbi) {}

  /**
   * Writes {@code rows} inside the caller's transaction, replacing any row of the same trace id.
   * The ids are distinct; a failure rolls the whole call back.
   */
  void writeRows(TraceTable table, Handle handle, Rows rows);

  /** Bytes on disk for the table, its indexes and TOAST; called inside {@code stats()}. */
  default long storageSize(TraceTable table, Handle handle) {
    return handle.createQuery("SELECT pg_total_relation_size(CAST(:rel AS regclass))")
        .bind("rel", table.qualifiedName())
        .mapTo(Long.class)
        .one();
  }

  /**
   * Adds layout facts to {@link dev.reflow.trace.storage.StorageStats#details()} (the storage has
   * already put {@code schema} and {@code actor_index}); called inside {@code stats()}.
   */
  default void addDetails(TraceTable table, Handle handle, Map<String, String> details) {}

  /** The table a layout manages, and the helpers a layout needs to manage it. */
  interface TraceTable {
    /** The provider name, for messages ({@code postgres}, {@code timescale}). */
    String backend();

    /** The settings the storage was opened with; {@link PostgresSettings#schema()} holds the table. */
    PostgresSettings settings();

    /** {@code "schema"."traces"}, quoted, for SQL text. */
    default String qualifiedName() {
      return quote(settings().schema()) + "." + quote("traces");
    }

    /**
     * A quoted identifier. Only configuration-validated names should reach SQL text this way;
     * values are always bound.
     */
    static String quote(String identifier) {
      return PgSql.ident(identifier);
    }

    /** The schema an extension is installed in, if it is installed in this database. */
    Optional<String> extensionSchema(Handle handle, String extension);

    /**
     * Whether a failure is about the connection rather than the statement (SQL state class 08,
     * 57P01–57P03, 53300, or the pool timing out): such failures should become
     * {@link dev.reflow.trace.storage.StorageConnectionException} so that callers can retry.
     */
    boolean isConnectionFailure(Throwable failure);

    /**
     * The most specific message of a failure (usually the server's error text), with anything
     * that looks like a credential redacted and the length capped: fit for messages and logs.
     */
    String reason(Throwable failure);

    /** {@link #reason} on one line (the server's error and hint), for log lines. */
    String reasonLine(Throwable failure);
  }

  /** The rows of one write, one per trace id, in one fixed order of their ids ({@link UUID#compareTo}). */
  interface Rows {
    /**
     * The trace ids, distinct, in that fixed order: locks taken in this order cannot deadlock
     * with another write's.
     */
    List<UUID> traceIds();

    /** One batched {@code INSERT} of every row into the table. */
    void insert(Handle handle);

    /**
     * One batched {@code INSERT … ON CONFLICT (conflictColumns) DO UPDATE} of every row: a row
     * that conflicts on those columns gets every other column from the new row.
     *
     * @param conflictColumns a unique key of the table, e.g. {@code trace_id}
     */
    void insertOrUpdate(Handle handle, String... conflictColumns);
  }
}
