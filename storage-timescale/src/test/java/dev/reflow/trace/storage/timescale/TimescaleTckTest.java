package dev.reflow.trace.storage.timescale;

import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.StorageConnectionException;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.postgres.PostgresSchemas;
import dev.reflow.trace.storage.postgres.PostgresTestServer;
import dev.reflow.trace.storage.tck.TckEnvironment;
import dev.reflow.trace.storage.tck.TraceStorageTck;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;

/**
 * The full TCK on TimescaleDB ({@code REFLOW_TEST_TIMESCALE_URL}) or, without it, on the embedded
 * PostgreSQL in fallback mode (plain table keyed (trace_id, start_time)). A small chunk interval
 * makes the TCK's traces, spread over years, land in many chunks.
 */
@DisplayName("TimescaleDB backend: TCK")
class TimescaleTckTest extends TraceStorageTck {
  private final PostgresSchemas schemas = schemas();

  private static PostgresSchemas schemas() {
    try {
      return new PostgresSchemas(PostgresTestServer.timescale(), new TimescaleStorageProvider(), "timescale");
    } catch (RuntimeException e) {
      throw TckEnvironment.abort(e);
    }
  }

  @Override
  protected TraceStorage createStorage() {
    try {
      return schemas.open(Map.of("chunk_time_interval", "30d"));
    } catch (StorageConnectionException e) {
      throw TckEnvironment.abort(e);
    }
  }

  @Override
  protected String providerName() {
    return TimescaleStorageProvider.NAME;
  }

  @Override
  protected StorageConfig storageConfig() {
    return schemas.newConfig(Map.of());
  }

  @AfterEach
  void dropSchemas() {
    schemas.cleanUp();
  }
}
