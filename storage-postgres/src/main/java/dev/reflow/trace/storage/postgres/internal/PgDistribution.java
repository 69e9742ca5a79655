package dev.reflow.trace.storage.postgres.internal;

import dev.reflow.trace.storage.StorageConfigurationException;
import dev.reflow.trace.storage.postgres.PostgresSettings;
import dev.reflow.trace.storage.postgres.PostgresSettings.Distribution;
import dev.reflow.trace.storage.postgres.PostgresTableLayout;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code storage.postgres.distribution}: decides, before the migrations run, whether the traces
 * table is a Citus distributed table, and checks that the database agrees with the configuration.
 * With Citus, the layout is wrapped in {@link Citus}, which adds the migration that distributes
 * the table and measures its size over every shard.
 */
final class PgDistribution {
  private static final Logger LOG = LoggerFactory.getLogger(PgDistribution.class);
  /** The repeatable migration that distributes traces ({@code R__distribute_traces.sql}). */
  static final String CITUS_MIGRATIONS = "classpath:db/migration/citus";
  /** Flyway placeholder of that migration: a shard count, or {@code default} for Citus' own. */
  static final String SHARD_COUNT_PLACEHOLDER = "shard_count";

  private PgDistribution() {}

  /**
   * Whether the traces table is (to be) distributed with Citus: {@code citus} requires the
   * extension, {@code auto} follows it and says what it chose in one INFO line, and {@code none}
   * refuses a table that Citus already distributes (this storage would measure and migrate it as a
   * plain table).
   *
   * @throws StorageConfigurationException when the database cannot do what the configuration says
   */
  static boolean resolve(String backend, PostgresSettings settings, Jdbi jdbi) {
    Optional<String> citusVersion = jdbi.withHandle(PgDistribution::citusVersion);
    String key = settings.key("distribution");
    switch (settings.distribution()) {
      case CITUS -> {
        if (citusVersion.isEmpty()) {
          throw new StorageConfigurationException(backend + ": " + key + " = citus, but the database at "
              + settings.jdbcUrl() + " has no citus extension. On the Citus coordinator run CREATE EXTENSION citus "
              + "(citus must be in shared_preload_libraries) and add the workers with citus_add_node, point "
              + settings.key("connection_url") + " at the coordinator, or set " + key + " = none.");
        }
        return true;
      }
      case AUTO -> {
        if (citusVersion.isPresent()) {
          LOG.info("{}: {} = auto: the citus extension {} is installed, so {}.traces is a Citus distributed table "
              + "on trace_id", backend, key, citusVersion.get(), settings.schema());
          return true;
        }
        LOG.info("{}: {} = auto: no citus extension in the database, so {}.traces is a plain table", backend, key,
            settings.schema());
        return false;
      }
      default -> {
        if (citusVersion.isPresent() && shardCount(jdbi, settings.schema()).isPresent()) {
          throw new StorageConfigurationException(backend + ": " + settings.schema() + ".traces at "
              + settings.jdbcUrl() + " is a Citus distributed table, but " + key + " = none: set " + key
              + " = citus (or auto).");
        }
        return false;
      }
    }
  }

  /** The citus extension's version when it is installed in the connected database. */
  static Optional<String> citusVersion(Handle h) {
    return h.createQuery("SELECT extversion FROM pg_extension WHERE extname = 'citus'").mapTo(String.class).findOne();
  }

  /** The shard count of {@code schema.traces} when Citus distributes it. */
  static Optional<Integer> shardCount(Jdbi jdbi, String schema) {
    return jdbi.withHandle(h -> h.createQuery("SELECT count(*)::int FROM pg_dist_shard s "
            + "JOIN pg_dist_partition p ON p.logicalrelid = s.logicalrelid "
            + "WHERE p.logicalrelid = to_regclass(:rel) GROUP BY p.logicalrelid")
        .bind("rel", PgSql.ident(schema) + "." + PgSql.ident("traces"))
        .mapTo(Integer.class)
        .findOne());
  }

  /** The Flyway placeholders of {@link #CITUS_MIGRATIONS}. */
  static Map<String, String> placeholders(PostgresSettings settings) {
    return Map.of(SHARD_COUNT_PLACEHOLDER,
        settings.shardCount().isPresent() ? Integer.toString(settings.shardCount().getAsInt()) : "default");
  }

  /**
   * A layout whose table Citus distributes: the layout's migrations plus {@link #CITUS_MIGRATIONS},
   * the size of every shard, and the distribution in {@code stats().details()}. Writes are the
   * layout's: an upsert on {@code trace_id}, the distribution column, goes to one shard.
   */
  static final class Citus implements PostgresTableLayout {
    private final PostgresTableLayout layout;
    private volatile int shards;

    Citus(PostgresTableLayout layout) {
      this.layout = layout;
    }

    @Override
    public String migrations() {
      return layout.migrations() + "," + CITUS_MIGRATIONS;
    }

    @Override
    public void prepare(TraceTable table, Jdbi jdbi) {
      layout.prepare(table, jdbi);
      PostgresSettings settings = table.settings();
      shards = shardCount(jdbi, settings.schema()).orElseThrow(() -> new IllegalStateException(
          settings.schema() + ".traces is not a Citus distributed table after the migration " + CITUS_MIGRATIONS));
      if (settings.shardCount().isPresent() && settings.shardCount().getAsInt() != shards) {
        // Changing it rewrites the whole table under a lock: an operator's decision, not an open's.
        LOG.warn("{}: {}.traces has {} shards, not {} = {}: the shard count applies when the table is first "
                + "distributed. To change it: SELECT alter_distributed_table('{}.traces', shard_count := {})",
            table.backend(), settings.schema(), shards, settings.key("shard_count"), settings.shardCount().getAsInt(),
            settings.schema(), settings.shardCount().getAsInt());
      }
    }

    @Override
    public void writeRows(TraceTable table, Handle handle, Rows rows) {
      layout.writeRows(table, handle, rows);
    }

    /** The coordinator's table is an empty shell: the rows, indexes and TOAST are in the shards. */
    @Override
    public long storageSize(TraceTable table, Handle handle) {
      return handle.createQuery("SELECT citus_total_relation_size(CAST(:rel AS regclass))")
          .bind("rel", table.qualifiedName())
          .mapTo(Long.class)
          .one();
    }

    @Override
    public void addDetails(TraceTable table, Handle handle, Map<String, String> details) {
      layout.addDetails(table, handle, details);
      details.put("distribution", "citus");
      details.put("shard_count", Integer.toString(shards));
      details.put("citus", citusVersion(handle).orElse("?"));
      details.put("workers", Long.toString(handle.createQuery(
              "SELECT count(*) FROM pg_dist_node WHERE isactive AND noderole = 'primary' AND groupid <> 0")
          .mapTo(Long.class)
          .one()));
    }
  }

  /** {@link Distribution#NONE}'s details entry, for the plain layouts. */
  static void addNone(Map<String, String> details) {
    details.putIfAbsent("distribution", "none");
  }
}
