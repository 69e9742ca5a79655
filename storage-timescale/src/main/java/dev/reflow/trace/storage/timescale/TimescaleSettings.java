package dev.reflow.trace.storage.timescale;

import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.StorageConfigurationException;
import dev.reflow.trace.storage.postgres.PostgresSettings;
import java.time.Duration;
import java.util.Optional;

/**
 * The TimescaleDB settings: the PostgreSQL ones plus the hypertable's chunk interval and the
 * optional policies. Read from {@code [storage.timescale]} (or {@code [storage.timescaledb]}) when
 * any key of it is set, otherwise from {@code [storage.postgres]}, as Reflow does.
 *
 * @param chunkInterval {@code chunk_time_interval}, default 7 days
 * @param chunkIntervalConfigured whether the key was set: only then is an existing hypertable's
 *     interval changed
 * @param retention {@code retention}: chunks older than this are dropped by a policy
 * @param compressAfter {@code compress_after}: chunks older than this are compressed by a policy
 */
public record TimescaleSettings(
    PostgresSettings pg,
    Duration chunkInterval,
    boolean chunkIntervalConfigured,
    Optional<Duration> retention,
    Optional<Duration> compressAfter) {

  public static final Duration DEFAULT_CHUNK_INTERVAL = Duration.ofDays(7);

  /**
   * The longest chunk interval, retention and compression delay: 100 years. TimescaleDB keeps
   * intervals in microseconds and PostgreSQL's interval arithmetic overflows long before
   * {@link Duration}'s limit, so a larger value would pass here and fail in the database.
   */
  public static final Duration MAX_INTERVAL = Duration.ofDays(36_500);
  private static final String TIMESCALE = "timescale";
  /** The provider's alias: a {@code [storage.timescaledb]} table is this backend's too. */
  private static final String TIMESCALEDB = "timescaledb";
  private static final String POSTGRES = "postgres";
  private static final String URL = "connection_url";

  /**
   * Reads {@code [storage.timescale]} (or {@code [storage.timescaledb]}, named after the alias), or
   * {@code [storage.postgres]} when neither is present.
   */
  public static TimescaleSettings from(StorageConfig config) {
    StorageConfig.Section section = section(config);
    PostgresSettings pg = PostgresSettings.from(section);
    if (pg.distribution() != PostgresSettings.Distribution.NONE) {
      // A hypertable is partitioned by time on one server; a Citus distributed table is
      // partitioned by trace id across servers. One table cannot be both.
      throw section.invalid("distribution", pg.distribution().value(),
          "TimescaleDB hypertables and Citus distributed tables do not combine: use storage.backend = \"postgres\" "
              + "with distribution = \"citus\" for a Citus cluster, or distribution = \"none\" (the default) "
              + "for TimescaleDB.");
    }
    boolean configured = section.get("chunk_time_interval").isPresent();
    Duration chunk = positive(section, "chunk_time_interval", section.getDuration("chunk_time_interval", DEFAULT_CHUNK_INTERVAL));
    Optional<Duration> retention = section.get("retention").isPresent()
        ? Optional.of(positive(section, "retention", section.getDuration("retention", null)))
        : Optional.empty();
    Optional<Duration> compressAfter = section.get("compress_after").isPresent()
        ? Optional.of(positive(section, "compress_after", section.getDuration("compress_after", null)))
        : Optional.empty();
    return new TimescaleSettings(pg, chunk, configured, retention, compressAfter);
  }

  private static StorageConfig.Section section(StorageConfig config) {
    boolean timescale = config.hasSection(TIMESCALE);
    boolean alias = config.hasSection(TIMESCALEDB);
    if (timescale && alias) {
      throw new StorageConfigurationException("Both [storage." + TIMESCALE + "] and [storage." + TIMESCALEDB
          + "] are set; they configure the same backend. Keep one of them.");
    }
    if (timescale || alias) {
      return config.section(timescale ? TIMESCALE : TIMESCALEDB);
    }
    StorageConfig.Section postgres = config.section(POSTGRES);
    if (postgres.get(URL).filter(v -> !v.isEmpty()).isEmpty()) {
      // Nothing configured at all: name this backend's own key first, and the fallback.
      String key = config.section(TIMESCALE).key(URL);
      throw new StorageConfigurationException("Missing required configuration key " + key + " (environment variable "
          + StorageConfig.environmentName(key) + "). The " + TIMESCALE + " backend reads [storage." + TIMESCALE
          + "] (or [storage." + TIMESCALEDB + "]), and Reflow's [storage." + POSTGRES + "] ("
          + postgres.key(URL) + ") when neither is present.");
    }
    return postgres;
  }

  private static Duration positive(StorageConfig.Section section, String name, Duration value) {
    // TimescaleDB works in microseconds; anything shorter would be a zero interval.
    if (value.isNegative() || value.compareTo(Duration.ofNanos(1000)) < 0 || value.compareTo(MAX_INTERVAL) > 0) {
      throw section.invalid(name, section.get(name).orElse(""), "Must be a positive duration of at most "
          + MAX_INTERVAL.toDays() + "d (100 years), such as 1h, 7d or 30d.");
    }
    return value;
  }

  /**
   * The duration as PostgreSQL interval text. Whole seconds where possible, so TimescaleDB's
   * job configuration reads naturally; microseconds otherwise. Always an INTERVAL, never an
   * integer: an integer chunk interval means microseconds on a timestamptz column.
   */
  public static String intervalText(Duration d) {
    if (d.getNano() == 0) {
      return d.getSeconds() + " seconds";
    }
    return Math.addExact(Math.multiplyExact(d.getSeconds(), 1_000_000L), d.getNano() / 1000) + " microseconds";
  }
}
