package dev.reflow.trace.storage.postgres;

import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.spi.TraceDocuments;
import dev.reflow.trace.storage.postgres.internal.PgConnectionUrl;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * The validated connection and pool settings of one {@code [storage.postgres]}-style section
 * (the TimescaleDB backend reads the same keys from {@code [storage.timescale]}). Every error
 * names the full key ({@code storage.postgres.max_connections}) and never shows a password.
 *
 * @param section the section read, for messages
 * @param jdbcUrl the connection URL as {@code jdbc:postgresql://…}, without credentials: safe to log
 * @param user from the {@code user} key, else from the URL
 * @param password from the {@code password} key, else from the URL
 * @param schema a plain lowercase identifier: no quoting questions
 * @param compressionThreshold documents longer than this many bytes are zstd-compressed; -1 never
 * @param distribution whether {@code traces} is a Citus distributed table ({@code distribution})
 * @param shardCount Citus shards of a newly distributed {@code traces} ({@code shard_count}); empty
 *     for Citus' own default ({@code citus.shard_count}, 32)
 */
public record PostgresSettings(
    StorageConfig.Section section,
    String jdbcUrl,
    Optional<String> user,
    Optional<String> password,
    int maxConnections,
    int minConnections,
    Duration acquireTimeout,
    String schema,
    int compressionThreshold,
    Distribution distribution,
    OptionalInt shardCount) {

  /** How the traces table is spread over servers: {@code storage.postgres.distribution}. */
  public enum Distribution {
    /** A plain table on the one server the URL names. */
    NONE,
    /** A Citus distributed table on {@code trace_id}; the URL names the coordinator. */
    CITUS,
    /** {@link #CITUS} when the database has the citus extension, else {@link #NONE}; logged at INFO. */
    AUTO;

    /** The configuration value: {@code none}, {@code citus}, {@code auto}. */
    public String value() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public static final int DEFAULT_MAX_CONNECTIONS = 10;
  public static final int DEFAULT_MIN_CONNECTIONS = 1;
  public static final int DEFAULT_ACQUIRE_TIMEOUT_SECS = 30;
  public static final String DEFAULT_SCHEMA = "public";
  /** The largest pool: above PostgreSQL's usual server limits by far, and no overflow anywhere. */
  public static final int MAX_MAX_CONNECTIONS = 10_000;
  /** One day: a longer wait for a pooled connection is a hang, not a timeout. */
  public static final long MAX_ACQUIRE_TIMEOUT_SECS = 86_400;
  /** Citus refuses more shards than this per distributed table. */
  public static final int MAX_SHARD_COUNT = 64_000;

  // Lowercase only: PostgreSQL folds unquoted names to lowercase, and a name that means the
  // same thing quoted and unquoted cannot be misread by Flyway, the driver or a DBA's psql.
  private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  /** Reads and validates a section. */
  public static PostgresSettings from(StorageConfig.Section section) {
    String rawUrl = section.require("connection_url");
    PgConnectionUrl url;
    try {
      url = PgConnectionUrl.parse(rawUrl);
    } catch (IllegalArgumentException e) {
      throw section.invalid("connection_url", rawUrl, e.getMessage() + ".");
    }
    Optional<String> user = section.get("user").or(url::user);
    Optional<String> password = section.get("password").or(url::password);
    if (user.isPresent() && user.get().toLowerCase(java.util.Locale.ROOT).contains("password=")) {
      // "?user=app;password=x": ';' separates nothing in a PostgreSQL URL, so the whole text
      // would be sent as the user name, and the server's "role … does not exist" would echo it.
      throw section.invalid(section.get("user").isPresent() ? "user" : "connection_url", "****",
          "The user name contains a password setting: separate URL parameters with '&', not ';', "
              + "or set the password key.");
    }

    int max = section.getInt("max_connections", DEFAULT_MAX_CONNECTIONS, 1, MAX_MAX_CONNECTIONS);
    // at most max_connections
    int min = section.getInt("min_connections", Math.min(DEFAULT_MIN_CONNECTIONS, max), 0, max);
    long timeoutSecs = section.getLong("acquire_timeout_secs", DEFAULT_ACQUIRE_TIMEOUT_SECS, 1, MAX_ACQUIRE_TIMEOUT_SECS);
    String schema = section.getString("schema", DEFAULT_SCHEMA);
    if (!SCHEMA_NAME.matcher(schema).matches()) {
      throw section.invalid("schema", schema,
          "Must be a lowercase PostgreSQL identifier: a-z, 0-9 and _, not starting with a digit, at most 63 characters.");
    }
    // bytes, or -1 to never compress
    int threshold = section.getInt("compression_threshold", TraceDocuments.DEFAULT_COMPRESSION_THRESHOLD, -1,
        Integer.MAX_VALUE);
    Distribution distribution = distribution(section);
    OptionalInt shards = OptionalInt.empty();
    if (section.get("shard_count").isPresent()) {
      if (distribution == Distribution.NONE) {
        // A shard count that silently does nothing would hide a forgotten distribution key.
        throw section.invalid("shard_count", section.get("shard_count").get(),
            "Only Citus distributed tables have shards: set " + section.key("distribution")
                + " = \"citus\" (or \"auto\") too, or remove " + section.key("shard_count") + ".");
      }
      shards = OptionalInt.of(section.getInt("shard_count", 0, 1, MAX_SHARD_COUNT));
    }
    return new PostgresSettings(section, url.jdbcUrl(), user, password, max, min, Duration.ofSeconds(timeoutSecs),
        schema, threshold, distribution, shards);
  }

  private static Distribution distribution(StorageConfig.Section section) {
    String value = section.getString("distribution", Distribution.NONE.value());
    for (Distribution d : Distribution.values()) {
      if (d.value().equalsIgnoreCase(value.trim())) {
        return d;
      }
    }
    throw section.invalid("distribution", value, "Must be none, citus or auto.");
  }

  /** The key of a short name in the section that was read, for messages. */
  public String key(String name) {
    return section.key(name);
  }

  /** Never shows the password. */
  @Override
  public String toString() {
    return "PostgresSettings[" + jdbcUrl + ", user=" + user.orElse("") + ", schema=" + schema
        + ", max_connections=" + maxConnections + ", min_connections=" + minConnections
        + ", distribution=" + distribution.value() + "]";
  }
}
