package dev.reflow.trace.storage.timescale.internal;

import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.postgres.PostgresSettings;
import java.time.Duration;
import java.util.Optional;

/**
 * The TimescaleDB settings: the PostgreSQL ones plus the hypertable's chunk interval and the
 * optional policies. Read from {@code [storage.timescale]} when any key of it is set, otherwise
 * from {@code [storage.postgres]}, as Reflow does.
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

  /** Reads {@code [storage.timescale]}, or {@code [storage.postgres]} when that is absent. */
  public static TimescaleSettings from(StorageConfig config) {
    StorageConfig.Section section =
        config.hasSection("timescale") ? config.section("timescale") : config.section("postgres");
    PostgresSettings pg = PostgresSettings.from(section);
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

  private static Duration positive(StorageConfig.Section section, String name, Duration value) {
    // TimescaleDB works in microseconds; anything shorter would be a zero interval.
    if (value.isNegative() || value.compareTo(Duration.ofNanos(1000)) < 0) {
      throw section.invalid(name, section.get(name).orElse(""), "Must be a positive duration such as 1h, 7d or 30d.");
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
