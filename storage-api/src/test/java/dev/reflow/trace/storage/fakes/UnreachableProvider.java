package dev.reflow.trace.storage.fakes;

import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.StorageConnectionException;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.spi.TraceStorageProvider;

/** Its create() fails with the library's own exception, which must pass through unchanged. */
public final class UnreachableProvider implements TraceStorageProvider {
  public static final StorageConnectionException FAILURE =
      new StorageConnectionException("Could not connect to db.internal:5432");

  @Override
  public String name() {
    return "unreachable";
  }

  @Override
  public TraceStorage create(StorageConfig config) {
    throw FAILURE;
  }
}
