package dev.reflow.trace.storage.timescale.internal;

import dev.reflow.trace.storage.StorageConfigurationException;
import dev.reflow.trace.storage.StorageConnectionException;
import dev.reflow.trace.storage.TraceStorageException;
import dev.reflow.trace.storage.postgres.PostgresTableLayout.TraceTable;
import dev.reflow.trace.storage.timescale.TimescaleSettings;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the migrated traces table into a hypertable and applies the configured policies, each
 * step idempotent so that it runs on every open:
 *
 * <ol>
 *   <li>{@code CREATE EXTENSION IF NOT EXISTS timescaledb}, best effort. When it fails (not
 *       installed, not preloaded, no privilege) the table stays a plain table with the same key,
 *       and one WARN line per database and process gives the reason.
 *   <li>{@code create_hypertable} on {@code start_time} with the chunk interval as an INTERVAL
 *       ({@code migrate_data}, so a table filled in fallback mode is converted later). On an
 *       existing hypertable {@code create_hypertable(if_not_exists)} would keep the old interval,
 *       so a configured interval that differs is applied with {@code set_chunk_time_interval}
 *       (new chunks only).
 *   <li>{@code retention} → {@code add_retention_policy}; {@code compress_after} → compression
 *       settings and {@code add_compression_policy}. A policy whose interval differs is replaced.
 *       Policies are left alone when their key is absent.
 * </ol>
 */
public final class TimescaleSetup {
  private static final Logger LOG = LoggerFactory.getLogger(TimescaleSetup.class);
  private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

  /**
   * What was set up.
   *
   * @param hypertable whether the traces table is a hypertable
   * @param extensionSchema the schema of the timescaledb extension's functions, when present
   * @param extensionVersion its version, when present
   */
  public record Result(boolean hypertable, Optional<String> extensionSchema, Optional<String> extensionVersion) {}

  private TimescaleSetup() {}

  /** What an open without the extension leaves: a plain table. */
  public static final Result FALLBACK = new Result(false, Optional.empty(), Optional.empty());

  public static Result apply(TraceTable table, Jdbi jdbi, TimescaleSettings settings) {
    String backend = table.backend();
    String schema = settings.pg().schema();
    if (jdbi.withHandle(h -> table.extensionSchema(h, "citus")).isPresent()) {
      // Citus would run the hypertable's DDL on the coordinator only, and its planner and
      // TimescaleDB's both hook every query: refuse rather than run half of each.
      throw new StorageConfigurationException(backend + ": the database at " + settings.pg().jdbcUrl()
          + " has the citus extension; TimescaleDB hypertables and Citus distributed tables do not combine. "
          + "Use storage.backend = \"postgres\" with storage.postgres.distribution = \"citus\" there, "
          + "or a database without Citus for the timescale backend.");
    }
    Optional<String> ext = jdbi.withHandle(h -> table.extensionSchema(h, "timescaledb"));
    if (ext.isEmpty()) {
      // Ask first: CREATE EXTENSION on a server without the library preloaded fails with a FATAL
      // error that also kills the pooled connection.
      Optional<String> missing = jdbi.withHandle(h -> h.createQuery(
              "SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb') "
                  + "THEN 'the timescaledb extension is not installed on the server' "
                  + "WHEN current_setting('shared_preload_libraries') NOT LIKE '%timescaledb%' "
                  + "THEN 'the timescaledb library is installed but not in shared_preload_libraries' END")
          .mapTo(String.class)
          .findOne());
      if (missing.isPresent()) {
        warnFallback(backend, settings, missing.get());
        return FALLBACK;
      }
      try {
        jdbi.useHandle(h -> h.execute("CREATE EXTENSION IF NOT EXISTS timescaledb"));
        ext = jdbi.withHandle(h -> table.extensionSchema(h, "timescaledb"));
      } catch (RuntimeException e) {
        if (table.isConnectionFailure(e)) {
          throw new StorageConnectionException(backend + ": lost the connection while creating the timescaledb extension: "
              + table.reason(e), e);
        }
        warnFallback(backend, settings, table.reasonLine(e));
        return FALLBACK;
      }
    }
    if (ext.isEmpty()) {
      warnFallback(backend, settings, "the extension is not installed in this database");
      return FALLBACK;
    }
    String fn = TraceTable.quote(ext.get()) + ".";
    String rel = table.qualifiedName();
    String version = jdbi.withHandle(h -> h.createQuery("SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'")
        .mapTo(String.class).one());
    try {
      jdbi.useHandle(h -> hypertable(h, fn, rel, schema, settings));
    } catch (RuntimeException e) {
      String detail = table.reason(e);
      if (table.isConnectionFailure(e)) {
        throw new StorageConnectionException(backend + ": lost the connection while creating the hypertable: " + detail, e);
      }
      throw new TraceStorageException(backend + ": could not make " + schema + ".traces a hypertable: " + detail, e);
    }
    jdbi.useHandle(h -> {
      settings.retention().ifPresent(d -> retention(table, h, fn, rel, schema, d, settings));
      settings.compressAfter().ifPresent(d -> compression(table, h, fn, rel, schema, d, settings));
    });
    return new Result(true, ext, Optional.of(version));
  }

  private static void hypertable(Handle h, String fn, String rel, String schema, TimescaleSettings settings) {
    String interval = TimescaleSettings.intervalText(settings.chunkInterval());
    if (!isHypertable(h, schema)) {
      // The classic signature works on every 2.x release (by_range() needs 2.13).
      h.createQuery("SELECT * FROM " + fn + "create_hypertable(CAST(:rel AS regclass), 'start_time', "
              + "chunk_time_interval => CAST(:interval AS interval), create_default_indexes => false, "
              + "if_not_exists => true, migrate_data => true)")
          .bind("rel", rel)
          .bind("interval", interval)
          .mapToMap()
          .list();
      return;
    }
    if (settings.chunkIntervalConfigured()) {
      boolean differs = h.createQuery("SELECT time_interval IS DISTINCT FROM CAST(:interval AS interval) "
              + "FROM timescaledb_information.dimensions "
              + "WHERE hypertable_schema = :schema AND hypertable_name = 'traces' AND column_name = 'start_time'")
          .bind("interval", interval)
          .bind("schema", schema)
          .mapTo(Boolean.class)
          .findOne()
          .orElse(false);
      if (differs) {
        h.createQuery("SELECT " + fn + "set_chunk_time_interval(CAST(:rel AS regclass), CAST(:interval AS interval))")
            .bind("rel", rel)
            .bind("interval", interval)
            .mapToMap()
            .list();
        LOG.info("Changed the chunk interval of {}.traces to {} (applies to new chunks)", schema, interval);
      }
    }
  }

  /** Whether {@code <schema>.traces} is listed in {@code timescaledb_information.hypertables}. */
  public static boolean isHypertable(Handle h, String schema) {
    return h.createQuery("SELECT count(*) FROM timescaledb_information.hypertables "
            + "WHERE hypertable_schema = :schema AND hypertable_name = 'traces'")
        .bind("schema", schema)
        .mapTo(Long.class)
        .one() > 0;
  }

  private static void retention(TraceTable table, Handle h, String fn, String rel, String schema, Duration d,
      TimescaleSettings settings) {
    String interval = TimescaleSettings.intervalText(d);
    try {
      if (policyDiffers(h, schema, "policy_retention", "drop_after", interval)) {
        h.createQuery("SELECT " + fn + "remove_retention_policy(CAST(:rel AS regclass), if_exists => true)")
            .bind("rel", rel).mapToMap().list();
        h.createQuery("SELECT " + fn + "add_retention_policy(CAST(:rel AS regclass), drop_after => CAST(:interval AS interval))")
            .bind("rel", rel).bind("interval", interval).mapToMap().list();
      }
    } catch (RuntimeException e) {
      throw policyFailure(table, settings, "retention", d, e);
    }
  }

  private static void compression(TraceTable table, Handle h, String fn, String rel, String schema, Duration d,
      TimescaleSettings settings) {
    String interval = TimescaleSettings.intervalText(d);
    try {
      boolean enabled = h.createQuery("SELECT compression_enabled FROM timescaledb_information.hypertables "
              + "WHERE hypertable_schema = :schema AND hypertable_name = 'traces'")
          .bind("schema", schema).mapTo(Boolean.class).one();
      if (!enabled) {
        // Segment by flow (the usual filter, few distinct values); the key's columns must be in
        // segmentby or orderby for a table with a unique index to be compressible.
        h.execute("ALTER TABLE " + rel + " SET (timescaledb.compress, timescaledb.compress_segmentby = 'flow_id', "
            + "timescaledb.compress_orderby = 'start_time DESC, trace_id')");
      }
      if (policyDiffers(h, schema, "policy_compression", "compress_after", interval)) {
        h.createQuery("SELECT " + fn + "remove_compression_policy(CAST(:rel AS regclass), if_exists => true)")
            .bind("rel", rel).mapToMap().list();
        h.createQuery("SELECT " + fn + "add_compression_policy(CAST(:rel AS regclass), compress_after => CAST(:interval AS interval))")
            .bind("rel", rel).bind("interval", interval).mapToMap().list();
      }
    } catch (RuntimeException e) {
      throw policyFailure(table, settings, "compress_after", d, e);
    }
  }

  /** Whether no job of {@code proc} exists for the table, or its interval is another. */
  private static boolean policyDiffers(Handle h, String schema, String proc, String key, String interval) {
    return h.createQuery("SELECT count(*) FROM timescaledb_information.jobs WHERE proc_name = :proc "
            + "AND hypertable_schema = :schema AND hypertable_name = 'traces' "
            + "AND CAST(config ->> :key AS interval) = CAST(:interval AS interval)")
        .bind("proc", proc)
        .bind("schema", schema)
        .bind("key", key)
        .bind("interval", interval)
        .mapTo(Long.class)
        .one() == 0;
  }

  private static RuntimeException policyFailure(TraceTable table, TimescaleSettings settings, String name, Duration d,
      RuntimeException e) {
    String detail = table.reason(e);
    if (table.isConnectionFailure(e)) {
      return new StorageConnectionException("Lost the connection while applying " + settings.pg().key(name) + ": " + detail, e);
    }
    return new StorageConfigurationException("Could not apply " + settings.pg().key(name) + "="
        + settings.pg().section().get(name).orElse(d.toString()) + ": " + detail, e);
  }

  private static void warnFallback(String backend, TimescaleSettings settings, String reason) {
    String where = settings.pg().jdbcUrl();
    if (WARNED.add(where)) {
      String policies = settings.retention().isPresent() || settings.compressAfter().isPresent()
          ? "; retention and compress_after are not applied"
          : "";
      LOG.warn("{}: TimescaleDB is not available at {} ({}); using a plain PostgreSQL table with the same key{}",
          backend, where, reason, policies);
    } else {
      LOG.debug("{}: TimescaleDB is not available at {} ({})", backend, where, reason);
    }
  }
}
