package dev.reflow.trace.storage.spi;

import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.TraceStorage;
import java.util.Set;

/**
 * Creates a {@link TraceStorage} for one backend. Registered in
 * {@code META-INF/services/dev.reflow.trace.storage.spi.TraceStorageProvider}; stateless, with a
 * public no-arg constructor, and cheap to load: only the selected provider's {@link #create} runs.
 */
public interface TraceStorageProvider {

  /** Lowercase, stable name matched by {@code storage.backend}: {@code memory}, {@code sqlite}, … */
  String name();

  /** Further names that select this provider (e.g. {@code timescaledb}). */
  default Set<String> aliases() {
    return Set.of();
  }

  /** One line for listings. */
  default String description() {
    return name() + " trace storage";
  }

  /** The Maven artifact that carries this provider, e.g. {@code dev.reflow.trace:storage-sqlite}. */
  default String artifact() {
    return "dev.reflow.trace:storage-" + name();
  }

  /**
   * Opens a storage, creating its schema when missing.
   *
   * @throws dev.reflow.trace.storage.StorageConfigurationException for bad or missing keys
   * @throws dev.reflow.trace.storage.StorageConnectionException when the backend cannot be reached
   */
  TraceStorage create(StorageConfig config);
}
