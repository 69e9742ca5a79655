package dev.reflow.trace.storage.timescale;

import com.zaxxer.hikari.HikariDataSource;
import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.postgres.internal.PgDataSources;
import dev.reflow.trace.storage.postgres.internal.PgSchema;
import dev.reflow.trace.storage.spi.TraceStorageProvider;
import dev.reflow.trace.storage.timescale.internal.TimescaleSettings;
import dev.reflow.trace.storage.timescale.internal.TimescaleSetup;
import dev.reflow.trace.storage.timescale.internal.TimescaleTraceStorage;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/**
 * Providers {@code timescale} and {@code timescaledb}: the PostgreSQL backend with the traces
 * table as a hypertable partitioned on {@code start_time}. Reads {@code [storage.timescale]}, or
 * {@code [storage.postgres]} when that section is absent; adds {@code chunk_time_interval},
 * {@code retention} and {@code compress_after}. Without the extension it runs on a plain table
 * and says so once in the log and in {@code stats().details()} ({@code hypertable=false}).
 */
public final class TimescaleStorageProvider implements TraceStorageProvider {
  public static final String NAME = "timescale";
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
    TimescaleSettings settings = TimescaleSettings.from(config);
    HikariDataSource dataSource = PgDataSources.open(NAME, settings.pg());
    try {
      PgSchema.migrate(NAME, dataSource, settings.pg().schema(), MIGRATIONS);
      Jdbi jdbi = Jdbi.create(dataSource);
      TimescaleSetup.Result setup = TimescaleSetup.apply(NAME, jdbi, settings);
      boolean actorIndex = PgSchema.ensureActorIndex(jdbi, settings.pg().schema(), "traces");
      return new TimescaleTraceStorage(NAME, settings, dataSource, actorIndex, setup);
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
  }
}
