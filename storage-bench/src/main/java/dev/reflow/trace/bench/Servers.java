package dev.reflow.trace.bench;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The servers the benchmarks run against, started once per JMH fork: an embedded PostgreSQL
 * (real server binaries from Maven Central, default durability settings) and the in-process
 * mongo-java-server. {@code REFLOW_BENCH_POSTGRES_URL} / {@code REFLOW_BENCH_MONGODB_URL} point
 * at real servers instead.
 */
final class Servers {
  private static EmbeddedPostgres postgres;
  private static EmbeddedPostgres scalePostgres;
  private static MongoServer mongo;
  private static String mongoUrl;

  private Servers() {}

  /** A {@code jdbc:postgresql://} URL with user and password parameters. */
  static synchronized String postgresJdbcUrl() {
    String external = System.getenv("REFLOW_BENCH_POSTGRES_URL");
    if (external != null) {
      return external;
    }
    if (postgres == null) {
      postgres = startPostgres(EmbeddedPostgres.builder());
    }
    return jdbcUrl(postgres);
  }

  /**
   * The server of the scale data sets ({@link ScaleData}): an embedded PostgreSQL whose data
   * directory outlives the fork, so that a data set built once serves every fork and run.
   * {@code REFLOW_BENCH_POSTGRES_URL} points at a real server instead, as for the other benchmarks.
   */
  static synchronized String scalePostgresJdbcUrl(Path dataDirectory) {
    String external = System.getenv("REFLOW_BENCH_POSTGRES_URL");
    if (external != null) {
      return external;
    }
    if (scalePostgres == null) {
      try {
        // Crash recovery after an interrupted load can outlast the default 10 s start-up wait.
        scalePostgres = startPostgres(EmbeddedPostgres.builder()
            .setDataDirectory(dataDirectory)
            .setCleanDataDirectory(false)
            .setPGStartupWait(Duration.ofMinutes(5)));
      } catch (RuntimeException e) {
        throw new IllegalStateException("could not start the scale data sets' PostgreSQL in " + dataDirectory
            + " (a server left running by a killed run holds it: stop that postgres process; "
            + "or delete the directory to rebuild the data sets)", e);
      }
    }
    return jdbcUrl(scalePostgres);
  }

  private static EmbeddedPostgres startPostgres(EmbeddedPostgres.Builder builder) {
    EmbeddedPostgres started;
    try {
      started = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start embedded PostgreSQL", e);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        started.close();
      } catch (IOException ignored) {
        // the fork is ending
      }
    }));
    return started;
  }

  private static String jdbcUrl(EmbeddedPostgres server) {
    return "jdbc:postgresql://localhost:" + server.getPort() + "/postgres?user=postgres&password=postgres";
  }

  static synchronized String mongoUrl() {
    String external = System.getenv("REFLOW_BENCH_MONGODB_URL");
    if (external != null) {
      return external;
    }
    if (mongo == null) {
      mongo = new MongoServer(new MemoryBackend());
      InetSocketAddress address = mongo.bind();
      mongoUrl = "mongodb://" + address.getHostString() + ":" + address.getPort();
      Runtime.getRuntime().addShutdownHook(new Thread(mongo::shutdownNow));
    }
    return mongoUrl;
  }
}
