package dev.reflow.trace.storage.sqlite;

import dev.reflow.trace.storage.QueryPlan;
import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.TraceQuery;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.spi.TraceStorageProvider;
import dev.reflow.trace.storage.sqlite.internal.SqliteExplain;
import dev.reflow.trace.storage.sqlite.internal.SqliteTraceStorage;

/** Provider {@code sqlite}: traces in a local SQLite file, the embedded default. */
public final class SqliteStorageProvider implements TraceStorageProvider {
  @Override
  public String name() {
    return SqliteSettings.SECTION;
  }

  @Override
  public String description() {
    return "SQLite database file (embedded default, WAL, write-through)";
  }

  @Override
  public String artifact() {
    return "dev.reflow.trace:storage-sqlite";
  }

  @Override
  public TraceStorage create(StorageConfig config) {
    return open(SqliteSettings.from(config));
  }

  /**
   * Opens (creating when missing) the database of {@code settings} and brings its schema up to
   * date, e.g. {@code SqliteStorageProvider.open(SqliteSettings.forFile(path))}.
   *
   * @throws dev.reflow.trace.storage.StorageConnectionException when the file cannot be created,
   *     opened or migrated
   */
  public static TraceStorage open(SqliteSettings settings) {
    return SqliteTraceStorage.open(settings);
  }

  /**
   * Diagnostics: the SQL that {@code query} runs for {@code query} on this backend and SQLite's
   * {@code EXPLAIN QUERY PLAN} of it on the database of {@code settings}, with the values bound.
   * Opens the file read-only on one connection and changes nothing; the file must hold a trace
   * database. {@code storage-bench} writes these plans beside its results.
   *
   * @throws IllegalArgumentException for an in-memory database
   * @throws dev.reflow.trace.storage.TraceStorageException when the file cannot be read
   */
  public static QueryPlan explain(SqliteSettings settings, TraceQuery query) {
    return SqliteExplain.explain(settings, query);
  }
}
