package dev.reflow.trace.collector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflow.trace.model.ExecutionStatus;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.TraceQuery;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many networks at once: 20 connections x 50 traces x 20 events, nothing lost, nothing mixed up. */
class CollectorConcurrencyTest {
  private static final int CONNECTIONS = 20;
  private static final int TRACES = 50;
  private static final int EVENTS = 20;

  @TempDir
  Path dir;

  @Test
  @DisplayName("SQLite with the journal on: 20 concurrent connections x 50 traces x 20 events, every event stored")
  void sqlite_journalOn_nothingLost() throws Exception {
    run(CollectorHarness.sqlite(dir), CollectorConfig.builder().journal(true).journalPath(dir.resolve("journal")));
  }

  @Test
  @DisplayName("Memory, journal off: the same load, every event stored")
  void memory_journalOff_nothingLost() throws Exception {
    run(StorageConfig.fromMap(Map.of("storage.backend", "memory", "storage.memory.max_traces", "5000")),
        CollectorConfig.builder().journal(false));
  }

  private void run(StorageConfig storage, CollectorConfig.Builder config) throws Exception {
    try (CollectorHarness h = CollectorHarness.start(storage, config)) {
      ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
      List<Future<List<String>>> work = new ArrayList<>();
      for (int c = 0; c < CONNECTIONS; c++) {
        int conn = c;
        work.add(pool.submit(() -> network(h, conn)));
      }
      List<String> ids = new ArrayList<>();
      for (Future<List<String>> f : work) {
        ids.addAll(f.get(5, TimeUnit.MINUTES));
      }
      pool.shutdown();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (h.collector.unstored() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(ids).hasSize(CONNECTIONS * TRACES).doesNotHaveDuplicates();
      for (String id : ids) {
        FlowTrace t = h.awaitStored(id);
        assertThat(t.events()).as("events of %s", id).hasSize(EVENTS);
        assertThat(t.status()).isEqualTo(ExecutionStatus.COMPLETED);
        String flow = t.flowId().value();
        assertThat(t.events()).as("events of %s all from its own network", id)
            .allSatisfy(e -> assertThat(e.actorId()).startsWith(flow + "/"));
      }
      assertThat(h.storage.query(TraceQuery.all())).hasSize(CONNECTIONS * TRACES);
    }
  }

  /** One network: its traces one after another, each pipelined (all requests, then all replies). */
  private static List<String> network(CollectorHarness h, int conn) {
    List<String> ids = new ArrayList<>();
    try (WsClient c = h.client()) {
      String flow = "net-" + conn;
      for (int t = 0; t < TRACES; t++) {
        String id = UUID.randomUUID().toString();
        c.send(Requests.start(id, flow));
        for (int e = 0; e < EVENTS; e++) {
          c.send(Requests.record(id, flow + "/actor-" + e));
        }
        c.send(Requests.end(id, "\"Completed\""));
        assertThat(c.next().json()).startsWith("{\"TraceStarted\"");
        for (int e = 0; e <= EVENTS; e++) {
          assertThat(c.next().json()).isEqualTo(Requests.OK);
        }
        ids.add(id);
      }
    }
    return ids;
  }
}
