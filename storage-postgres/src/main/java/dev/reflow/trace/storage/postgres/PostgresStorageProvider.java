package dev.reflow.trace.storage.postgres;

import dev.reflow.trace.storage.QueryPlan;
import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.TraceQuery;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.postgres.internal.PgExplain;
import dev.reflow.trace.storage.postgres.internal.PgTraceStorage;
import dev.reflow.trace.storage.postgres.internal.PlainTableLayout;
import dev.reflow.trace.storage.spi.TraceStorageProvider;

/**
 * Provider {@code postgres}: reads {@code [storage.postgres]} ({@code connection_url},
 * {@code user}, {@code password}, {@code max_connections}, {@code min_connections},
 * {@code acquire_timeout_secs}, {@code schema}, {@code compression_threshold}, {@code distribution},
 * {@code shard_count}), opens a HikariCP pool and migrates the schema with Flyway; with
 * {@code distribution = citus} the traces table becomes a Citus distributed table on
 * {@code trace_id} ({@code docs/storage/citus.md}).
 *
 * <p>A backend derived from PostgreSQL (TimescaleDB is one) reuses the whole storage through
 * {@link #open(String, PostgresSettings, PostgresTableLayout)} with its own
 * {@link PostgresTableLayout}.
 */
public final class PostgresStorageProvider implements TraceStorageProvider {
  public static final String NAME = "postgres";
  /** Flyway migrations of this backend. */
  public static final String MIGRATIONS = "classpath:db/migration/postgres";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "PostgreSQL (HikariCP pool, Flyway-managed schema)";
  }

  @Override
  public TraceStorage create(StorageConfig config) {
    return open(NAME, PostgresSettings.from(config.section(NAME)), new PlainTableLayout());
  }

  /**
   * The PostgreSQL storage on a table laid out by {@code layout}: opens a HikariCP pool (failing
   * fast when the server cannot be reached), runs the layout's Flyway migrations in the configured
   * schema, calls {@link PostgresTableLayout#prepare}, checks that the table has every column of
   * {@link PostgresTableLayout#COLUMNS}, and adds the optional trigram index on the actors column.
   * Nothing stays open when a step fails.
   *
   * @param backend the provider name, returned by {@link TraceStorage#backendName()} and used in
   *     messages and the pool's name
   * @param layout a new instance for this storage
   * @throws dev.reflow.trace.storage.StorageConnectionException when the server cannot be reached
   * @throws dev.reflow.trace.storage.TraceStorageException when migrating or preparing fails
   */
  public static TraceStorage open(String backend, PostgresSettings settings, PostgresTableLayout layout) {
    return PgTraceStorage.open(backend, settings, layout);
  }

  /**
   * Diagnostics: the SQL that {@code query} runs for {@code query} on the PostgreSQL backend
   * (and on TimescaleDB, which shares it) and the server's {@code EXPLAIN} of it on
   * {@code <schema>.traces}, with the values bound. Connects once, read-only, without a pool or
   * migrations, and changes nothing. {@code storage-bench} writes these plans beside its results.
   *
   * @throws dev.reflow.trace.storage.StorageConnectionException when the server cannot be reached
   * @throws dev.reflow.trace.storage.TraceQueryException when the schema has no traces table
   */
  public static QueryPlan explain(PostgresSettings settings, TraceQuery query) {
    return PgExplain.explain(NAME, settings, query);
  }
}
