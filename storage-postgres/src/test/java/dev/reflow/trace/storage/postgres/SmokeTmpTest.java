package dev.reflow.trace.storage.postgres;

import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.TraceStorage;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SmokeTmpTest {
  @Test
  void opens() {
    PostgresTestServer server = PostgresTestServer.postgres();
    String schema = server.newSchema();
    try (TraceStorage s = new PostgresStorageProvider().create(StorageConfig.fromMap(Map.of(
        "storage.postgres.connection_url", server.connectionUrl(), "storage.postgres.schema", schema)))) {
      System.out.println(s.stats());
    }
  }
}
