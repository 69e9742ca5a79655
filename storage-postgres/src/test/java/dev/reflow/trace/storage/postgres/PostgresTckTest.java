package dev.reflow.trace.storage.postgres;

import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.tck.TckEnvironment;
import dev.reflow.trace.storage.tck.TraceStorageTck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;

/**
 * The full TCK on PostgreSQL: {@code REFLOW_TEST_POSTGRES_URL} when set, else a Testcontainers
 * container when Docker is available, else the embedded server. Each test gets a fresh schema,
 * dropped afterwards.
 */
@DisplayName("PostgreSQL backend: TCK")
class PostgresTckTest extends TraceStorageTck {
  private final PostgresSchemas schemas = schemas();
  /** The schema of the test's own storage (the Discovery group makes more). */
  private String storageSchema;

  private static PostgresSchemas schemas() {
    try {
      return new PostgresSchemas(PostgresTestServer.postgres(), new PostgresStorageProvider(), "postgres");
    } catch (RuntimeException e) {
      throw TckEnvironment.abort(e);
    }
  }

  @Override
  protected TraceStorage createStorage() {
    try {
      TraceStorage storage = schemas.open();
      storageSchema = schemas.lastSchema();
      return storage;
    } catch (dev.reflow.trace.storage.StorageConnectionException e) {
      throw TckEnvironment.abort(e);
    }
  }

  @Override
  protected String providerName() {
    return PostgresStorageProvider.NAME;
  }

  @Override
  protected StorageConfig storageConfig() {
    return schemas.newConfig(java.util.Map.of());
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
