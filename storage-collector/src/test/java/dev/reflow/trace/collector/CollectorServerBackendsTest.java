package dev.reflow.trace.collector;

import dev.reflow.trace.storage.StorageConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole Reflow-style session on PostgreSQL: the server in {@code REFLOW_TEST_POSTGRES_URL}
 * when set, otherwise an embedded one (zonky), so it always runs. MongoDB runs when
 * {@code REFLOW_TEST_MONGODB_URL} names a real server (mongo-java-server is built on Netty 4.1,
 * which cannot share a class path with this module's Netty 4.2).
 */
class CollectorServerBackendsTest {
  @TempDir
  Path dir;

  @Test
  @DisplayName("PostgreSQL, journal on: StartTrace, RecordEvent, in-flight reads, EndTrace; the trace is stored")
  void wholeSession_postgres_traceStored() throws Exception {
    String url = System.getenv("REFLOW_TEST_POSTGRES_URL");
    EmbeddedPostgres embedded = null;
    if (url == null || url.isBlank()) {
      embedded = EmbeddedPostgres.builder().setServerConfig("fsync", "off").start();
      url = "postgresql://postgres:postgres@localhost:" + embedded.getPort() + "/postgres";
    }
    try (CollectorHarness h = CollectorHarness.start(
            StorageConfig.fromMap(Map.of("storage.backend", "postgres", "storage.postgres.connection_url", url)),
            CollectorConfig.builder().journal(true).journalPath(dir.resolve("journal")));
        WsClient c = h.client()) {
      CollectorSessionTest.wholeSession(h, c);
    } finally {
      if (embedded != null) {
        embedded.close();
      }
    }
  }

  @Test
  @DisplayName("MongoDB (REFLOW_TEST_MONGODB_URL): the same session; skipped with the reason when the variable is unset")
  void wholeSession_mongodb_traceStored() throws Exception {
    String url = System.getenv("REFLOW_TEST_MONGODB_URL");
    org.junit.jupiter.api.Assumptions.assumeTrue(url != null && !url.isBlank(),
        "REFLOW_TEST_MONGODB_URL is not set: no MongoDB server to run the collector session against, skipping");
    try (CollectorHarness h = CollectorHarness.start(
            StorageConfig.fromMap(Map.of("storage.backend", "mongodb", "storage.mongodb.connection_url", url,
                "storage.mongodb.database_name", "reflow_collector_test_" + System.nanoTime())),
            CollectorConfig.builder().journal(true).journalPath(dir.resolve("journal")));
        WsClient c = h.client()) {
      CollectorSessionTest.wholeSession(h, c);
    }
  }
}
