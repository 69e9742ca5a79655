package dev.reflow.trace.storage.postgres.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.reflow.trace.storage.Redaction;
import dev.reflow.trace.storage.StorageConnectionException;
import dev.reflow.trace.storage.postgres.PostgresSettings;

/** Builds the HikariCP pool for a {@link PostgresSettings}. */
final class PgDataSources {
  private PgDataSources() {}

  /**
   * A started pool. Fails fast when the server cannot be reached, so that a wrong URL is reported
   * when the storage is opened rather than on the first call.
   *
   * @throws StorageConnectionException naming the (credential-free) URL and the driver's reason
   */
  static HikariDataSource open(String backend, PostgresSettings settings) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("reflow-trace-" + backend);
    config.setDriverClassName("org.postgresql.Driver");
    // The URL carries no credentials (PgConnectionUrl took them out): Hikari logs it.
    config.setJdbcUrl(settings.jdbcUrl());
    settings.user().ifPresent(config::setUsername);
    settings.password().ifPresent(config::setPassword);
    config.setMaximumPoolSize(settings.maxConnections());
    config.setMinimumIdle(settings.minConnections());
    config.setConnectionTimeout(settings.acquireTimeout().toMillis());
    config.setInitializationFailTimeout(settings.acquireTimeout().toMillis());
    config.addDataSourceProperty("ApplicationName", "reflow-trace-storage");
    // storeAll de-duplicates ids before batching, so the driver may fold a batch into
    // multi-row INSERTs (several times fewer round trips).
    config.addDataSourceProperty("reWriteBatchedInserts", "true");
    config.addDataSourceProperty("tcpKeepAlive", "true");
    try {
      return new HikariDataSource(config);
    } catch (HikariPool.PoolInitializationException | IllegalArgumentException e) {
      throw new StorageConnectionException("Could not connect to PostgreSQL at " + settings.jdbcUrl()
          + " (" + settings.key("connection_url") + "): " + Redaction.redact(PgErrors.rootMessage(e)), e);
    }
  }
}
