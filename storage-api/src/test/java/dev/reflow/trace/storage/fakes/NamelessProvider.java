package dev.reflow.trace.storage.fakes;

import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.spi.TraceStorageProvider;

/** Returns no name, which makes it impossible to select. */
public final class NamelessProvider implements TraceStorageProvider {
  @Override
  public String name() {
    return null;
  }

  @Override
  public TraceStorage create(StorageConfig config) {
    throw new AssertionError("never selected");
  }
}
