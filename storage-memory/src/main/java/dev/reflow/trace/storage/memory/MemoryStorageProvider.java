package dev.reflow.trace.storage.memory;

import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.memory.internal.MemoryTraceStorage;
import dev.reflow.trace.storage.spi.TraceStorageProvider;

/** Provider {@code memory}: a bounded in-process store. */
public final class MemoryStorageProvider implements TraceStorageProvider {
  /** The provider name, the value of {@code storage.backend}. */
  public static final String NAME = "memory";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "In-memory, bounded trace storage (LRU or FIFO eviction); nothing is persisted";
  }

  @Override
  public TraceStorage create(StorageConfig config) {
    return open(MemoryStorageOptions.from(config));
  }

  /** A new, empty store with these options, e.g. {@code open(MemoryStorageOptions.defaults())}. */
  public static TraceStorage open(MemoryStorageOptions options) {
    return new MemoryTraceStorage(options);
  }
}
