package dev.reflow.trace.storage.memory;

import dev.reflow.trace.storage.StorageConfig;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Settings of the memory backend, read from {@code storage.memory.*}.
 *
 * @param maxTraces at most this many traces are kept ({@code storage.memory.max_traces}, at least 1)
 * @param evictionPolicy which trace goes when a store would exceed {@code maxTraces}
 *     ({@code storage.memory.eviction_policy})
 */
public record MemoryStorageOptions(int maxTraces, EvictionPolicy evictionPolicy) {
  /** Reflow's default bound. */
  public static final int DEFAULT_MAX_TRACES = 10_000;
  public static final EvictionPolicy DEFAULT_EVICTION_POLICY = EvictionPolicy.LRU;
  static final String MAX_TRACES = "max_traces";
  static final String EVICTION_POLICY = "eviction_policy";

  public MemoryStorageOptions {
    if (maxTraces < 1) {
      throw new IllegalArgumentException("maxTraces must be at least 1, got " + maxTraces);
    }
    Objects.requireNonNull(evictionPolicy, "evictionPolicy");
  }

  public static MemoryStorageOptions defaults() {
    return new MemoryStorageOptions(DEFAULT_MAX_TRACES, DEFAULT_EVICTION_POLICY);
  }

  /**
   * Reads {@code storage.memory.max_traces} and {@code storage.memory.eviction_policy}.
   *
   * @throws dev.reflow.trace.storage.StorageConfigurationException naming the key, the value and
   *     what is allowed
   */
  public static MemoryStorageOptions from(StorageConfig config) {
    StorageConfig.Section section = config.section(MemoryStorageProvider.NAME);
    int maxTraces = section.getInt(MAX_TRACES, DEFAULT_MAX_TRACES, 1, Integer.MAX_VALUE);
    EvictionPolicy policy = DEFAULT_EVICTION_POLICY;
    String raw = section.get(EVICTION_POLICY).orElse(null);
    if (raw != null) {
      policy = EvictionPolicy.parseOrNull(raw);
      if (policy == null) {
        throw section.invalid(EVICTION_POLICY, raw, "Must be one of: " + Arrays.stream(EvictionPolicy.values())
            .map(EvictionPolicy::configValue).collect(Collectors.joining(", ")) + ".");
      }
    }
    return new MemoryStorageOptions(maxTraces, policy);
  }
}
