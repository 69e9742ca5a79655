package dev.reflow.trace.cli;

import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.StorageConfigurationException;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.spi.TraceStorageProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/** The storage providers on the class path. */
final class Backends {
  private Backends() {}

  /** Every provider found, by name. */
  static List<TraceStorageProvider> providers() {
    List<TraceStorageProvider> found = new ArrayList<>();
    ServiceLoader.load(TraceStorageProvider.class, Backends.class.getClassLoader()).forEach(found::add);
    found.sort(Comparator.comparing(TraceStorageProvider::name));
    return found;
  }

  /** Opens the backend that {@code storage.backend} names. */
  static TraceStorage open(StorageConfig config) {
    String name = config.backend().orElseThrow(() ->
        new StorageConfigurationException("Missing required configuration key " + StorageConfig.BACKEND));
    List<TraceStorageProvider> all = providers();
    for (TraceStorageProvider p : all) {
      if (p.name().equals(name) || p.aliases().contains(name)) {
        return p.create(config);
      }
    }
    throw new StorageConfigurationException("Unrecognized value for " + StorageConfig.BACKEND + ": \"" + name
        + "\". Available backends: " + all.stream().map(TraceStorageProvider::name).toList());
  }
}
