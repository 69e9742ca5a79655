package dev.reflow.trace.storage.timescale;

import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.postgres.PostgresStorageProvider;
import dev.reflow.trace.storage.spi.TraceStorageProvider;
import dev.reflow.trace.storage.timescale.internal.TimescaleLayout;
import java.util.Set;

/**
 * Providers {@code timescale} and {@code timescaledb}: the PostgreSQL backend with the traces
 * table as a hypertable partitioned on {@code start_time}. Reads {@code [storage.timescale]} (or
 * {@code [storage.timescaledb]}), or {@code [storage.postgres]} when that section is absent; adds {@code chunk_time_interval},
 * {@code retention} and {@code compress_after}. Without the extension it runs on a plain table
 * and says so once in the log and in {@code stats().details()} ({@code hypertable=false}). Built on
 * the PostgreSQL backend's extension point, {@code PostgresTableLayout}.
 */
public final class TimescaleStorageProvider implements TraceStorageProvider {
  public static final String NAME = "timescale";
  /** Flyway migrations of this backend: the PostgreSQL table keyed as a hypertable must be. */
  public static final String MIGRATIONS = "classpath:db/migration/timescale";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<String> aliases() {
    return Set.of("timescaledb");
  }

  @Override
  public String description() {
    return "TimescaleDB (hypertable on start_time; plain PostgreSQL table when the extension is unavailable)";
  }

  @Override
  public TraceStorage create(StorageConfig config) {
    return open(TimescaleSettings.from(config));
  }

  /**
   * Opens the PostgreSQL storage of {@code settings} with the traces table as a hypertable (or a
   * plain table with the same key when the extension is unavailable).
   *
   * @throws dev.reflow.trace.storage.StorageConnectionException when the server cannot be reached
   */
  public static TraceStorage open(TimescaleSettings settings) {
    return PostgresStorageProvider.open(NAME, settings.pg(), new TimescaleLayout(settings));
  }
}
