package dev.reflow.trace.storage.mongodb;

import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.StorageConnectionException;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.tck.TckEnvironment;
import dev.reflow.trace.storage.tck.TraceStorageTck;
import org.junit.jupiter.api.DisplayName;

/**
 * The whole TCK on MongoDB: {@code REFLOW_TEST_MONGODB_URL} when set, else Testcontainers
 * {@code mongo} when Docker answers, else in-process mongo-java-server (see
 * {@link MongoTestServer}). Each test gets a new, empty collection.
 */
@DisplayName("TCK on MongoDB")
class MongoStorageTest extends TraceStorageTck {

  @Override
  protected TraceStorage createStorage() {
    try {
      return new MongoStorageProvider().create(MongoTestServer.freshConfig());
    } catch (StorageConnectionException e) {
      throw TckEnvironment.abort(e);
    }
  }

  @Override
  protected String providerName() {
    return "mongodb";
  }

  @Override
  protected StorageConfig storageConfig() {
    return MongoTestServer.freshConfig();
  }

  @Override
  protected String backendLabel() {
    return "mongodb (" + MongoTestServer.get().kind() + ")";
  }
}
