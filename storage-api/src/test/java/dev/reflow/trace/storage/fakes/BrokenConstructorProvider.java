package dev.reflow.trace.storage.fakes;

import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.spi.TraceStorageProvider;

/** Cannot even be instantiated: ServiceLoader reports a ServiceConfigurationError. */
public final class BrokenConstructorProvider implements TraceStorageProvider {
  public BrokenConstructorProvider() {
    throw new IllegalStateException("static setup failed");
  }

  @Override
  public String name() {
    return "broken";
  }

  @Override
  public TraceStorage create(StorageConfig config) {
    throw new AssertionError("never instantiated");
  }
}
