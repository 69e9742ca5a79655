package dev.reflow.trace.storage.postgres.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.reflow.trace.storage.Redaction;
import dev.reflow.trace.storage.StorageConnectionException;
import dev.reflow.trace.storage.postgres.PostgresSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.postgresql.Driver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the HikariCP pool for a {@link PostgresSettings}. */
final class PgDataSources {
  private static final Logger LOG = LoggerFactory.getLogger(PgDataSources.class);
  private static final long RETRY_PAUSE_MILLIS = 500;

  private PgDataSources() {}

  /**
   * A started pool. Fails fast when the server cannot be reached, so that a wrong URL is reported
   * when the storage is opened rather than on the first call.
   *
   * @throws StorageConnectionException naming the (credential-free) URL and the driver's reason
   */
  static HikariDataSource open(String backend, PostgresSettings settings) {
    awaitServer(backend, settings);
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
    // Without this the driver writes a failed batch's statements with their values (whole trace
    // documents, as hex) into the exception, which the pool then logs. Never log parameters.
    config.addDataSourceProperty("logServerErrorDetail", "false");
    try {
      return new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw connectionFailed(settings, e);
    }
  }

  /**
   * Waits for the first connection before the pool is built, because the pool retries every
   * failure in silence until {@code acquire_timeout_secs} has passed. A failure that waiting
   * cannot cure (authentication, SQL state class 28; a missing database, 3D000; anything that is
   * not about reaching the server) fails at once. A transient one (refused, timed out, the server
   * starting up) is logged once, saying for how long it will be retried.
   */
  static void awaitServer(String backend, PostgresSettings settings) {
    Driver driver = new Driver();
    Properties props = new Properties();
    settings.user().ifPresent(u -> props.setProperty("user", u));
    settings.password().ifPresent(p -> props.setProperty("password", p));
    props.setProperty("ApplicationName", "reflow-trace-storage");
    props.setProperty("logServerErrorDetail", "false");
    long deadline = System.nanoTime() + settings.acquireTimeout().toNanos();
    boolean announced = false;
    while (true) {
      long leftSecs = Math.max(1, (deadline - System.nanoTime()) / 1_000_000_000L);
      props.setProperty("connectTimeout", String.valueOf(Math.min(leftSecs, 10)));
      props.setProperty("loginTimeout", String.valueOf(Math.min(leftSecs, 10)));
      try (Connection c = driver.connect(settings.jdbcUrl(), props)) {
        if (c == null) {
          throw new StorageConnectionException("Not a PostgreSQL JDBC URL: " + settings.jdbcUrl()
              + " (" + settings.key("connection_url") + ")");
        }
        return;
      } catch (SQLException e) {
        if (!PgErrors.isConnectionFailure(e) || System.nanoTime() >= deadline) {
          throw connectionFailed(settings, e);
        }
        if (!announced) {
          announced = true;
          LOG.warn("{}: could not connect to PostgreSQL at {} ({}); retrying for up to {} s ({})", backend,
              settings.jdbcUrl(), Redaction.redact(PgErrors.oneLine(e)),
              settings.acquireTimeout().toSeconds(), settings.key("acquire_timeout_secs"));
        }
      }
      try {
        Thread.sleep(Math.min(RETRY_PAUSE_MILLIS, Math.max(0, (deadline - System.nanoTime()) / 1_000_000L)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StorageConnectionException("Interrupted while connecting to PostgreSQL at " + settings.jdbcUrl(), e);
      }
    }
  }

  private static StorageConnectionException connectionFailed(PostgresSettings settings, Exception e) {
    return new StorageConnectionException("Could not connect to PostgreSQL at " + settings.jdbcUrl()
        + " (" + settings.key("connection_url") + "): " + Redaction.redact(PgErrors.oneLine(e)), e);
  }
}
