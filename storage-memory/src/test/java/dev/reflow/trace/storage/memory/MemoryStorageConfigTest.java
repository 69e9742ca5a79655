package dev.reflow.trace.storage.memory;

import dev.reflow.trace.storage.memory.internal.MemoryTraceStorage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.StorageConfigurationException;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.TraceStorages;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Memory backend: configuration")
class MemoryStorageConfigTest {
  private static StorageConfig config(String key, String value) {
    return StorageConfig.fromMap(Map.of("storage.backend", "memory", key, value));
  }

  @Test
  @DisplayName("Without memory keys the defaults are 10,000 traces and LRU")
  void from_noKeys_defaults() {
    MemoryStorageOptions o = MemoryStorageOptions.from(StorageConfig.fromMap(Map.of("storage.backend", "memory")));
    assertThat(o.maxTraces()).isEqualTo(10_000);
    assertThat(o.evictionPolicy()).isEqualTo(EvictionPolicy.LRU);
  }

  @Test
  @DisplayName("max_traces and eviction_policy are read, the policy in any case")
  void from_keys_read() {
    MemoryStorageOptions o = MemoryStorageOptions.from(StorageConfig.fromMap(Map.of(
        "storage.memory.max_traces", "25", "storage.memory.eviction_policy", "FIFO")));
    assertThat(o).isEqualTo(new MemoryStorageOptions(25, EvictionPolicy.FIFO));
  }

  @ParameterizedTest(name = "max_traces={0}")
  @ValueSource(strings = {"0", "-1", "99999999999", "-99999999999"})
  @DisplayName("max_traces below 1 or beyond the integer range fails naming the key, the value and the allowed range")
  void from_maxTracesBelowOne_fails(String value) {
    assertThatThrownBy(() -> MemoryStorageOptions.from(config("storage.memory.max_traces", value)))
        .isInstanceOf(StorageConfigurationException.class)
        .hasMessage("Invalid value for storage.memory.max_traces=" + value + ". Must be an integer between 1 and 2147483647.");
  }

  @Test
  @DisplayName("A max_traces that is not an integer fails naming the key")
  void from_maxTracesNotInteger_fails() {
    assertThatThrownBy(() -> MemoryStorageOptions.from(config("storage.memory.max_traces", "lots")))
        .isInstanceOf(StorageConfigurationException.class)
        .hasMessageContaining("storage.memory.max_traces=lots").hasMessageContaining("integer");
  }

  @Test
  @DisplayName("An unknown eviction policy fails when the storage is opened, naming the key and the allowed values")
  void open_unknownPolicy_failsNamingKeyAndValues() {
    assertThatThrownBy(() -> TraceStorages.open(config("storage.memory.eviction_policy", "random")))
        .isInstanceOf(StorageConfigurationException.class)
        .hasMessageContaining("storage.memory.eviction_policy=random")
        .hasMessageContaining("lru, fifo");
  }

  @Test
  @DisplayName("storage.backend=memory opens a MemoryTraceStorage with the configured options")
  void open_byName_appliesOptions() {
    try (TraceStorage s = TraceStorages.open(StorageConfig.fromMap(Map.of("storage.backend", "memory",
        "storage.memory.max_traces", "7", "storage.memory.eviction_policy", "fifo")))) {
      assertThat(s).isInstanceOf(MemoryTraceStorage.class);
      assertThat(((MemoryTraceStorage) s).options()).isEqualTo(new MemoryStorageOptions(7, EvictionPolicy.FIFO));
      assertThat(s.stats().details()).containsEntry("max_traces", "7").containsEntry("eviction_policy", "fifo");
    }
  }
}
