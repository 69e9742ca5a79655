package dev.reflow.trace.storage.memory;

import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.tck.TraceStorageTck;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;

/** The full TCK against the memory backend, with its defaults (10,000 traces, LRU). */
@DisplayName("Memory backend: TCK")
class MemoryStorageTest extends TraceStorageTck {
  @Override
  protected TraceStorage createStorage() {
    return new MemoryStorageProvider().create(StorageConfig.fromMap(Map.of("storage.backend", "memory")));
  }

  @Override
  protected String providerName() {
    return "memory";
  }

  @Override
  protected StorageConfig storageConfig() {
    return StorageConfig.fromMap(Map.of("storage.backend", "memory"));
  }
}
