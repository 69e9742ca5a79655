package dev.reflow.trace.bench;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;

/**
 * The servers the benchmarks run against, started once per JMH fork: an embedded PostgreSQL
 * (real server binaries from Maven Central, default durability settings) and the in-process
 * mongo-java-server. {@code REFLOW_BENCH_POSTGRES_URL} / {@code REFLOW_BENCH_MONGODB_URL} point
 * at real servers instead.
 */
final class Servers {
  private static EmbeddedPostgres postgres;
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
      try {
        postgres = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new UncheckedIOException("could not start embedded PostgreSQL", e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          postgres.close();
        } catch (IOException ignored) {
          // the fork is ending
        }
      }));
    }
    return "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres?user=postgres&password=postgres";
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
