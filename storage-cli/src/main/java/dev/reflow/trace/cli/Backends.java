package dev.reflow.trace.cli;

import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.TraceStorages;
import dev.reflow.trace.storage.spi.TraceStorageProvider;
import java.util.List;

/** The storage providers on the command line's class path. */
final class Backends {
  private Backends() {}

  /** Every provider found, by name. */
  static List<TraceStorageProvider> providers() {
    return TraceStorages.providers(Backends.class.getClassLoader());
  }

  /** Opens the backend that {@code storage.backend} names. */
  static TraceStorage open(StorageConfig config) {
    return TraceStorages.open(config, Backends.class.getClassLoader());
  }
}
