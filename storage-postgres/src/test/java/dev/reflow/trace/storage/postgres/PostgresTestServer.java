package dev.reflow.trace.storage.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The PostgreSQL server the tests of this module (and of storage-timescale) run against, chosen
 * once per JVM:
 *
 * <ol>
 *   <li>the URL in an environment variable ({@code REFLOW_TEST_POSTGRES_URL},
 *       {@code REFLOW_TEST_TIMESCALE_URL}), in either {@code postgresql://} or JDBC form;
 *   <li>a Testcontainers container, only when Docker is available;
 *   <li>otherwise one embedded PostgreSQL (zonky) per JVM, started lazily and shared.
 * </ol>
 *
 * Every test gets a fresh schema ({@link #newSchema()}), dropped by {@link #dropSchema(String)}.
 */
public final class PostgresTestServer {
  private static final Object LOCK = new Object();
  private static EmbeddedPostgres embedded;
  private static PostgresTestServer embeddedServer;
  private static PostgresTestServer postgresServer;
  private static PostgresTestServer timescaleServer;

  /** A connection URL as the storage's {@code connection_url} accepts it, with credentials. */
  private final String connectionUrl;
  /** What the server is, for test output. */
  private final String description;

  /**
   * The Citus coordinator of {@code REFLOW_TEST_CITUS_URL}, for the Citus suites; empty when the
   * variable is not set (no container or embedded server has Citus).
   */
  public static java.util.Optional<PostgresTestServer> citus() {
    String url = System.getenv(CITUS_VARIABLE);
    if (url == null || url.isBlank()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(new PostgresTestServer(url.trim(), CITUS_VARIABLE));
  }

  /** The environment variable naming a Citus coordinator for the Citus suites. */
  public static final String CITUS_VARIABLE = "REFLOW_TEST_CITUS_URL";

  private PostgresTestServer(String connectionUrl, String description) {
    this.connectionUrl = connectionUrl;
    this.description = description;
  }

  /** The server for the PostgreSQL suite. */
  public static PostgresTestServer postgres() {
    synchronized (LOCK) {
      if (postgresServer == null) {
        postgresServer = choose("REFLOW_TEST_POSTGRES_URL", "postgres:16-alpine", false);
      }
      return postgresServer;
    }
  }

  /** The server for the TimescaleDB suite; without TimescaleDB the suite runs in fallback mode. */
  public static PostgresTestServer timescale() {
    synchronized (LOCK) {
      if (timescaleServer == null) {
        timescaleServer = choose("REFLOW_TEST_TIMESCALE_URL", "timescale/timescaledb:latest-pg16", true);
      }
      return timescaleServer;
    }
  }

  private static PostgresTestServer choose(String variable, String image, boolean timescale) {
    String url = System.getenv(variable);
    if (url != null && !url.isBlank()) {
      PostgresTestServer server = new PostgresTestServer(url.trim(), variable);
      System.out.println("[test server] " + server);
      return server;
    }
    if (dockerAvailable()) {
      return container(image, timescale);
    }
    System.out.println("[test server] " + variable + " not set and no Docker: using embedded PostgreSQL (zonky)");
    return embedded();
  }

  private static boolean dockerAvailable() {
    // Asking Testcontainers without any Docker endpoint logs an ERROR per strategy; skip that.
    String dockerHost = System.getenv("DOCKER_HOST");
    if ((dockerHost == null || dockerHost.isBlank())
        && !java.nio.file.Files.exists(java.nio.file.Path.of("/var/run/docker.sock"))
        && !java.nio.file.Files.exists(java.nio.file.Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"))) {
      return false;
    }
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (Throwable e) {
      return false;
    }
  }

  @SuppressWarnings("resource") // lives as long as the JVM; Testcontainers' reaper stops it
  private static PostgresTestServer container(String image, boolean timescale) {
    DockerImageName name = DockerImageName.parse(image);
    if (timescale) {
      name = name.asCompatibleSubstituteFor("postgres");
    }
    PostgreSQLContainer container = new PostgreSQLContainer(name);
    container.start();
    String url = container.getJdbcUrl() + (container.getJdbcUrl().contains("?") ? "&" : "?")
        + "user=" + container.getUsername() + "&password=" + container.getPassword();
    PostgresTestServer server = new PostgresTestServer(url, "Testcontainers " + image);
    System.out.println("[test server] " + server);
    return server;
  }

  /** The shared embedded server, started on first use. */
  public static PostgresTestServer embedded() {
    synchronized (LOCK) {
      if (embeddedServer == null) {
        try {
          // A throwaway server: durability settings off make the per-test schema DDL fast. The
          // restart test runs its own server with the defaults.
          embedded = EmbeddedPostgres.builder()
              .setServerConfig("fsync", "off")
              .setServerConfig("synchronous_commit", "off")
              .setServerConfig("full_page_writes", "off")
              .start();
        } catch (IOException e) {
          throw new UncheckedIOException("Could not start embedded PostgreSQL", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          try {
            embedded.close();
          } catch (IOException ignored) {
            // the JVM is going away
          }
        }));
        embeddedServer = new PostgresTestServer(
            "postgresql://postgres:postgres@localhost:" + embedded.getPort() + "/postgres",
            "embedded PostgreSQL on port " + embedded.getPort());
      }
      return embeddedServer;
    }
  }

  public String connectionUrl() {
    return connectionUrl;
  }

  /** A new, unused schema name. */
  public String newSchema() {
    return "reflow_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }

  /** Drops a test schema and everything in it. */
  public void dropSchema(String schema) {
    execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
  }

  /** Runs administrative SQL on the test database. */
  public void execute(String sql) {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not run " + sql + ": " + e.getMessage(), e);
    }
  }

  /** A plain JDBC connection to the test database, for assertions the API cannot make. */
  public Connection connect() throws SQLException {
    var parsed = dev.reflow.trace.storage.postgres.internal.PgConnectionUrl.parse(connectionUrl);
    Properties props = new Properties();
    parsed.user().ifPresent(u -> props.setProperty("user", u));
    parsed.password().ifPresent(p -> props.setProperty("password", p));
    return DriverManager.getConnection(parsed.jdbcUrl(), props);
  }

  @Override
  public String toString() {
    return description + " (" + dev.reflow.trace.storage.Redaction.redact(connectionUrl) + ")";
  }
}
