package dev.reflow.trace.bench;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

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
      // A run killed hard (SIGKILL) leaves its server running on the directory; pg_ctl would
      // refuse to start and zonky would wait out its start-up timeout. Not stopped here: the pid
      // file would name the server of a run still going just the same.
      runningServer(dataDirectory).ifPresent(pid -> {
        throw new IllegalStateException("PostgreSQL pid " + pid + " still runs on " + dataDirectory
            + ", perhaps left by a killed run: stop it (kill " + pid + ") and run again");
      });
      // Crash recovery after an interrupted load can outlast the default 10 s start-up wait.
      scalePostgres = startPostgres(EmbeddedPostgres.builder()
          .setDataDirectory(dataDirectory)
          .setCleanDataDirectory(false)
          .setPGStartupWait(Duration.ofMinutes(2)));
    }
    return jdbcUrl(scalePostgres);
  }

  /** The pid of the server that the directory's pid file names, if that process runs. */
  private static Optional<Long> runningServer(Path dataDirectory) {
    Path pidFile = dataDirectory.resolve("postmaster.pid");
    try {
      long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
      return ProcessHandle.of(pid).isPresent() ? Optional.of(pid) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // no pid file: no server
    }
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
