package dev.reflow.trace.storage.postgres;

import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.StorageConnectionException;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.tck.TckEnvironment;
import dev.reflow.trace.storage.tck.TraceStorageTck;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

/**
 * The full TCK on a Citus cluster ({@code REFLOW_TEST_CITUS_URL}, the coordinator): the PostgreSQL
 * backend with {@code distribution = citus}, each test on a fresh schema whose traces table is
 * distributed over the workers. Skipped, saying why, when the variable is not set.
 */
@DisplayName("PostgreSQL on Citus: TCK")
class CitusTckTest extends TraceStorageTck {
  /** Few shards keep each test's schema quick to create and drop; the batches still span both workers. */
  static final Map<String, Object> CITUS = Map.of("distribution", "citus", "shard_count", 4);

  private PostgresSchemas schemas;
  private String storageSchema;

  @BeforeAll
  static void requireCluster() {
    CitusCluster.require();
  }

  private PostgresSchemas schemas() {
    if (schemas == null) {
      schemas = new PostgresSchemas(CitusCluster.require(), new PostgresStorageProvider(), "postgres");
    }
    return schemas;
  }

  @Override
  protected TraceStorage createStorage() {
    try {
      TraceStorage storage = schemas().open(CITUS);
      storageSchema = schemas().lastSchema();
      return storage;
    } catch (StorageConnectionException e) {
      throw TckEnvironment.abort(e);
    }
  }

  @Override
  protected String providerName() {
    return PostgresStorageProvider.NAME;
  }

  @Override
  protected StorageConfig storageConfig() {
    return schemas().newConfig(CITUS);
  }

  /**
   * A CHECK constraint (propagated to every shard) refuses the id: Citus runs triggers on
   * distributed tables only with citus.enable_unsafe_triggers, a constraint needs nothing.
   * NOT VALID: the TCK may have stored the id before; only new rows and updates are checked.
   */
  @Override
  protected boolean refuseInDatabase(TraceId traceId) {
    try (Connection c = schemas().server().connect(); Statement st = c.createStatement()) {
      st.execute("ALTER TABLE \"" + storageSchema + "\".traces ADD CONSTRAINT tck_refuse CHECK (trace_id <> '"
          + traceId.value() + "'::uuid) NOT VALID");
    } catch (SQLException e) {
      throw new IllegalStateException("could not add the TCK's refusing constraint in " + storageSchema, e);
    }
    return true;
  }

  @AfterEach
  void dropSchemas() {
    if (schemas != null) {
      schemas.cleanUp();
    }
  }
}
