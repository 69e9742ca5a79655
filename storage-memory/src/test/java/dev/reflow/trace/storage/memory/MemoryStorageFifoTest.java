package dev.reflow.trace.storage.memory;

import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.tck.TraceStorageTck;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;

/**
 * The TCK again under FIFO, whose reads take the shared lock instead of the exclusive one. The
 * bound is high enough for the TCK's largest test (1,000 traces in one batch).
 */
@DisplayName("Memory backend: TCK with FIFO eviction")
class MemoryStorageFifoTest extends TraceStorageTck {
  private static final Map<String, String> CONFIG = Map.of(
      "storage.backend", "memory",
      "storage.memory.eviction_policy", "fifo",
      "storage.memory.max_traces", "2000");

  @Override
  protected TraceStorage createStorage() {
    return new MemoryStorageProvider().create(StorageConfig.fromMap(CONFIG));
  }

  @Override
  protected String providerName() {
    return "memory";
  }

  @Override
  protected StorageConfig storageConfig() {
    return StorageConfig.fromMap(CONFIG);
  }
}
