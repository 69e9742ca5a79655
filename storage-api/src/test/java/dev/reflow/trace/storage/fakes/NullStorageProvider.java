package dev.reflow.trace.storage.fakes;

import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.spi.TraceStorageProvider;

/** Returns null from create(), a contract violation that must be reported. */
public final class NullStorageProvider implements TraceStorageProvider {
  @Override
  public String name() {
    return "nullish";
  }

  @Override
  public TraceStorage create(StorageConfig config) {
    return null;
  }
}
