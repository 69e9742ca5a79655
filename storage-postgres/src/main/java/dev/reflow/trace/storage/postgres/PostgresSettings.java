package dev.reflow.trace.storage.postgres;

import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.spi.TraceDocuments;
import dev.reflow.trace.storage.postgres.internal.PgConnectionUrl;
import java.time.Duration;
import java.util.Optional;
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
    int compressionThreshold) {

  public static final int DEFAULT_MAX_CONNECTIONS = 10;
  public static final int DEFAULT_MIN_CONNECTIONS = 1;
  public static final int DEFAULT_ACQUIRE_TIMEOUT_SECS = 30;
  public static final String DEFAULT_SCHEMA = "public";
  /** The largest pool: above PostgreSQL's usual server limits by far, and no overflow anywhere. */
  public static final int MAX_MAX_CONNECTIONS = 10_000;
  /** One day: a longer wait for a pooled connection is a hang, not a timeout. */
  public static final long MAX_ACQUIRE_TIMEOUT_SECS = 86_400;

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
    return new PostgresSettings(section, url.jdbcUrl(), user, password, max, min, Duration.ofSeconds(timeoutSecs),
        schema, threshold);
  }

  /** The key of a short name in the section that was read, for messages. */
  public String key(String name) {
    return section.key(name);
  }

  /** Never shows the password. */
  @Override
  public String toString() {
    return "PostgresSettings[" + jdbcUrl + ", user=" + user.orElse("") + ", schema=" + schema
        + ", max_connections=" + maxConnections + ", min_connections=" + minConnections + "]";
  }
}
