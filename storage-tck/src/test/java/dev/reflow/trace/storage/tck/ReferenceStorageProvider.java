package dev.reflow.trace.storage.tck;

import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.spi.TraceStorageProvider;

/** Provider {@code reference}, registered for the TCK's own tests so that its discovery group runs too. */
public final class ReferenceStorageProvider implements TraceStorageProvider {
  @Override
  public String name() {
    return ReferenceStorage.NAME;
  }

  @Override
  public String description() {
    return "The TCK's reference storage (tests of the TCK only)";
  }

  @Override
  public TraceStorage create(StorageConfig config) {
    return new ReferenceStorage();
  }
}
