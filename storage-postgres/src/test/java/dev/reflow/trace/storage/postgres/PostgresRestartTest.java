package dev.reflow.trace.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.StorageConnectionException;
import dev.reflow.trace.storage.TraceQuery;
import dev.reflow.trace.storage.TraceStorage;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stops and starts a PostgreSQL server under a running write load. Uses its own embedded server on
 * a fixed port with a data directory that survives the stop, so the restarted server is the same
 * database.
 */
class PostgresRestartTest {

  @TempDir
  Path temp;

  // The restart makes the driver and the pool log the broken connections (stack traces at WARN):
  // expected here, so kept out of the build output; the log is checked for trace content instead.
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private PrintStream originalErr;

  @BeforeEach
  void captureLog() {
    originalErr = System.err;
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreLog() {
    System.setErr(originalErr);
  }

  @Test
  @DisplayName("A server restart mid-load fails in-flight calls with StorageConnectionException, the pool reconnects, and no acknowledged write is lost")
  void store_serverRestartsDuringLoad_reconnectsWithoutLosingAcknowledgedWrites() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path data = Files.createDirectories(temp.resolve("pgdata"));
    EmbeddedPostgres server = start(port, data);
    StorageConfig config = StorageConfig.fromMap(Map.of(
        "storage.postgres.connection_url", "postgresql://postgres:postgres@localhost:" + port + "/postgres",
        "storage.postgres.max_connections", "4",
        "storage.postgres.acquire_timeout_secs", "1"));

    Set<TraceId> acknowledged = ConcurrentHashMap.newKeySet();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger afterRestart = new AtomicInteger();
    AtomicBoolean restarted = new AtomicBoolean();
    try (TraceStorage storage = new PostgresStorageProvider().create(config)) {
      List<Thread> writers = new ArrayList<>();
      for (int w = 0; w < 3; w++) {
        int writer = w;
        Thread t = new Thread(() -> {
          long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
          for (int i = 0; !stop.get() && System.nanoTime() < deadline; i++) {
            FlowTrace trace = TestTraces.trace("load-" + writer, 1_000_000 + i, "writer-" + writer);
            try {
              if (i % 5 == 4) {
                storage.storeAll(List.of(trace, TestTraces.trace("load-" + writer, 2_000_000 + i, "batch")));
              } else {
                storage.store(trace);
              }
              acknowledged.add(trace.traceId());
              if (restarted.get()) {
                afterRestart.incrementAndGet();
              }
            } catch (RuntimeException | Error e) {
              failures.add(e);
              sleep(20);
            }
          }
        }, "writer-" + w);
        t.start();
        writers.add(t);
      }

      waitUntil(() -> acknowledged.size() >= 60, "60 writes before the restart");
      server.close();
      sleep(500);
      server = start(port, data);
      restarted.set(true);
      waitUntil(() -> afterRestart.get() >= 60, "60 writes after the restart");
      stop.set(true);
      for (Thread t : writers) {
        t.join(10_000);
      }

      assertThat(failures).as("calls in flight while the server was down").isNotEmpty();
      assertThat(failures).allSatisfy(e -> assertThat(e)
          .as("failure %s", e).isInstanceOf(StorageConnectionException.class));
      List<TraceId> missing = acknowledged.stream().filter(id -> storage.get(id).isEmpty()).toList();
      assertThat(missing).as("acknowledged writes missing after the restart").isEmpty();
      assertThat(storage.query(TraceQuery.builder().actorFilter("writer-").build()))
          .hasSizeGreaterThanOrEqualTo(acknowledged.size());
      // The flow ids are statement parameters: the log names statements, never their values.
      assertThat(log.toString(StandardCharsets.UTF_8)).as("the log of the restart").doesNotContain("load-");
    } finally {
      server.close();
    }
  }

  private static EmbeddedPostgres start(int port, Path data) throws IOException {
    return EmbeddedPostgres.builder()
        .setPort(port)
        .setDataDirectory(data)
        .setCleanDataDirectory(false)
        .start();
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out waiting for " + what);
      }
      sleep(20);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
