package dev.reflow.trace.cli;

import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.TraceStorages;
import dev.reflow.trace.storage.spi.TraceStorageProvider;
import java.util.List;
import java.util.Map;

/** The storage providers of the command line: its own and those of plugin jars ({@link Plugins}). */
final class Backends {
  private Backends() {}

  /** The plugin jars for this configuration and environment, over the command line's own class loader. */
  static Plugins plugins(StorageConfig config, Map<String, String> environment, Map<String, String> systemProperties) {
    return Plugins.find(config, environment, systemProperties, Backends.class.getClassLoader());
  }

  /** Every provider found, built in and from plugin jars, by name. */
  static List<TraceStorageProvider> providers(Plugins plugins) {
    return TraceStorages.providers(plugins.loader());
  }

  /** Opens the backend that {@code storage.backend} names, looking in plugin jars too. */
  static TraceStorage open(StorageConfig config, Map<String, String> environment, Map<String, String> systemProperties) {
    Plugins plugins = plugins(config, environment, systemProperties);
    if (!plugins.jars().isEmpty()) {
      // Drivers and libraries inside a plugin (JDBC's DriverManager, for one) look classes up
      // through the context class loader.
      Thread.currentThread().setContextClassLoader(plugins.loader());
    }
    return TraceStorages.open(config, plugins.loader());
  }
}
