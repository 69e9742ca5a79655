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
  /** The schema of the test's own storage (the Discovery group makes more). */
  private String storageSchema;

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
      TraceStorage storage = schemas.open(Map.of("chunk_time_interval", "30d"));
      storageSchema = schemas.lastSchema();
      return storage;
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

  /** A trigger in the storage's schema raises for this id. */
  @Override
  protected boolean refuseInDatabase(dev.reflow.trace.model.TraceId traceId) {
    schemas.refuseInDatabase(storageSchema, traceId.value());
    return true;
  }

  @AfterEach
  void dropSchemas() {
    schemas.cleanUp();
  }
}
