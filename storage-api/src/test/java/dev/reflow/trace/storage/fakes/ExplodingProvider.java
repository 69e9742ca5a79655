package dev.reflow.trace.storage.fakes;

import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.spi.TraceStorageProvider;

/** Its create() fails the way a buggy backend does, echoing a URL with a password. */
public final class ExplodingProvider implements TraceStorageProvider {
  @Override
  public String name() {
    return "exploding";
  }

  @Override
  public TraceStorage create(StorageConfig config) {
    throw new IllegalStateException("cannot reach postgresql://admin:hunter2@db.internal:5432/traces");
  }
}
