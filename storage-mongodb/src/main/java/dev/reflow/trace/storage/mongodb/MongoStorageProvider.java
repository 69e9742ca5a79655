package dev.reflow.trace.storage.mongodb;

import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.mongodb.internal.MongoTraceStorage;
import dev.reflow.trace.storage.spi.TraceStorageProvider;
import java.util.Set;

/**
 * The {@code mongodb} provider: one document per trace in {@code storage.mongodb.database_name}
 * / {@code collection_name} at {@code connection_url}. Stateless and cheap to load; the driver is
 * only touched by {@link #create}.
 */
public final class MongoStorageProvider implements TraceStorageProvider {
  /** The provider name. */
  public static final String NAME = "mongodb";

  @Override
  public String name() {
    return NAME;
  }

  /** {@code storage.backend=mongo} also selects this provider. */
  @Override
  public Set<String> aliases() {
    return Set.of("mongo");
  }

  @Override
  public String description() {
    return "MongoDB, one readable document per trace (storage.mongodb.connection_url)";
  }

  @Override
  public TraceStorage create(StorageConfig config) {
    return open(MongoSettings.from(config));
  }

  /**
   * Connects to the server of {@code settings}, checks that it answers, and creates the
   * collection's indexes.
   *
   * @throws dev.reflow.trace.storage.StorageConnectionException when the server cannot be
   *     reached or refuses the login
   */
  public static TraceStorage open(MongoSettings settings) {
    return MongoTraceStorage.open(settings);
  }
}
