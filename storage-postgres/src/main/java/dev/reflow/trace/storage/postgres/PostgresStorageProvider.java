package dev.reflow.trace.storage.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.postgres.internal.PgDataSources;
import dev.reflow.trace.storage.postgres.internal.PgSchema;
import dev.reflow.trace.storage.postgres.internal.PgSettings;
import dev.reflow.trace.storage.postgres.internal.PgTraceStorage;
import dev.reflow.trace.storage.spi.TraceStorageProvider;
import org.jdbi.v3.core.Jdbi;

/**
 * Provider {@code postgres}: reads {@code [storage.postgres]} ({@code connection_url},
 * {@code user}, {@code password}, {@code max_connections}, {@code min_connections},
 * {@code acquire_timeout_secs}, {@code schema}, {@code compression_threshold}), opens a HikariCP
 * pool and migrates the schema with Flyway.
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
    PgSettings settings = PgSettings.from(config.section(NAME));
    HikariDataSource dataSource = PgDataSources.open(NAME, settings);
    try {
      PgSchema.migrate(NAME, dataSource, settings.schema(), MIGRATIONS);
      boolean actorIndex = PgSchema.ensureActorIndex(Jdbi.create(dataSource), settings.schema(), "traces");
      return new PgTraceStorage(NAME, settings, dataSource, actorIndex);
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
  }
}
