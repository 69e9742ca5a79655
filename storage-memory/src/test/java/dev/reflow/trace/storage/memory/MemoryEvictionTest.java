package dev.reflow.trace.storage.memory;

import dev.reflow.trace.storage.memory.internal.MemoryTraceStorage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.storage.TraceQuery;
import dev.reflow.trace.storage.tck.TestTraces;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Memory backend: bounds and eviction")
class MemoryEvictionTest {
  private static MemoryTraceStorage storage(int max, EvictionPolicy policy) {
    return new MemoryTraceStorage(new MemoryStorageOptions(max, policy));
  }

  private static FlowTrace t(int seed) {
    return TestTraces.trace(seed).startTime(TestTraces.plusMicros(TestTraces.BASE_TIME, seed)).build();
  }

  private static List<TraceId> remaining(MemoryTraceStorage s) {
    return s.query(TraceQuery.all()).stream().map(FlowTrace::traceId).sorted().collect(Collectors.toList());
  }

  private static List<TraceId> idsOf(int... seeds) {
    return java.util.Arrays.stream(seeds).mapToObj(TestTraces::traceId).sorted().collect(Collectors.toList());
  }

  @Test
  @DisplayName("Storing beyond max_traces keeps exactly max_traces traces")
  void store_beyondMaxTraces_keepsBound() {
    try (MemoryTraceStorage s = storage(3, EvictionPolicy.LRU)) {
      for (int i = 1; i <= 10; i++) {
        s.store(t(i));
      }
      assertThat(s.stats().totalTraces()).isEqualTo(3);
      assertThat(remaining(s)).isEqualTo(idsOf(8, 9, 10));
      assertThat(s.stats().details()).containsEntry("evicted_traces", "7");
    }
  }

  @Test
  @DisplayName("LRU: a trace read by get survives; the least recently stored or read goes")
  void lru_getRefreshesPosition_leastRecentlyUsedEvicted() {
    try (MemoryTraceStorage s = storage(3, EvictionPolicy.LRU)) {
      s.store(t(1));
      s.store(t(2));
      s.store(t(3));
      assertThat(s.get(TestTraces.traceId(1))).isPresent();
      s.store(t(4));
      assertThat(remaining(s)).as("after reading 1 and storing 4, 2 is the least recently used").isEqualTo(idsOf(1, 3, 4));
    }
  }

  @Test
  @DisplayName("FIFO: reads do not save a trace; the oldest stored goes")
  void fifo_getDoesNotRefresh_oldestStoredEvicted() {
    try (MemoryTraceStorage s = storage(3, EvictionPolicy.FIFO)) {
      s.store(t(1));
      s.store(t(2));
      s.store(t(3));
      assertThat(s.get(TestTraces.traceId(1))).isPresent();
      s.store(t(4));
      assertThat(remaining(s)).as("FIFO evicts 1 although it was just read").isEqualTo(idsOf(2, 3, 4));
    }
  }

  @Test
  @DisplayName("Re-storing an id counts as a new store under both policies")
  void restore_countsAsNewStore_underBothPolicies() {
    for (EvictionPolicy policy : EvictionPolicy.values()) {
      try (MemoryTraceStorage s = storage(3, policy)) {
        s.store(t(1));
        s.store(t(2));
        s.store(t(3));
        s.store(t(1));
        s.store(t(4));
        assertThat(remaining(s)).as("policy %s: re-stored 1 survives, 2 goes", policy).isEqualTo(idsOf(1, 3, 4));
      }
    }
  }

  @Test
  @DisplayName("Queries do not count as reads for LRU")
  void lru_queryDoesNotRefresh() {
    try (MemoryTraceStorage s = storage(2, EvictionPolicy.LRU)) {
      s.store(t(1));
      s.store(t(2));
      s.query(TraceQuery.builder().flowId(TestTraces.trace(1).build().flowId()).build());
      s.store(t(3));
      assertThat(remaining(s)).isEqualTo(idsOf(2, 3));
    }
  }

  @Test
  @DisplayName("A batch larger than the bound keeps its last max_traces traces, and counters stay exact")
  void storeAll_batchLargerThanBound_keepsNewestOfBatch() {
    try (MemoryTraceStorage s = storage(5, EvictionPolicy.FIFO)) {
      s.storeAll(List.of(t(1), t(2), t(3), t(4), t(5), t(6), t(7)));
      assertThat(remaining(s)).isEqualTo(idsOf(3, 4, 5, 6, 7));
      assertThat(s.stats().totalEvents()).isEqualTo(5);
      long bytes = s.stats().storageSizeBytes();
      s.deleteOlderThan(java.time.Instant.parse("2100-01-01T00:00:00Z"));
      assertThat(s.stats().storageSizeBytes()).isZero();
      assertThat(bytes).isPositive();
    }
  }

  @Test
  @DisplayName("storage_size_bytes is the sum of the stored traces' JSON lengths")
  void stats_size_isSumOfJsonLengths() {
    try (MemoryTraceStorage s = new MemoryTraceStorage()) {
      FlowTrace a = t(1);
      FlowTrace b = TestTraces.trace(2).events(20, "x").build();
      s.store(a);
      s.store(b);
      long expected = dev.reflow.trace.json.TraceJson.writeBytes(a).length
          + dev.reflow.trace.json.TraceJson.writeBytes(b).length;
      assertThat(s.stats().storageSizeBytes()).isEqualTo(expected);
      s.delete(a.traceId());
      assertThat(s.stats().storageSizeBytes()).isEqualTo(dev.reflow.trace.json.TraceJson.writeBytes(b).length);
    }
  }

  @Test
  @DisplayName("Under concurrent stores and gets the bound holds and the counters match what remains")
  void concurrentStoresAndGets_boundAndCountersConsistent() throws Exception {
    for (EvictionPolicy policy : EvictionPolicy.values()) {
      try (MemoryTraceStorage s = storage(100, policy)) {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
          List<java.util.concurrent.Future<?>> futures = new java.util.ArrayList<>();
          for (int t = 0; t < 8; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
              for (int i = 0; i < 300; i++) {
                int seed = thread * 1000 + i;
                s.store(TestTraces.trace(seed).events(1 + i % 4, "a").build());
                s.get(TestTraces.traceId(seed - 1));
              }
            }));
          }
          for (java.util.concurrent.Future<?> f : futures) {
            f.get(60, java.util.concurrent.TimeUnit.SECONDS);
          }
        } finally {
          pool.shutdownNow();
        }
        List<FlowTrace> all = s.query(TraceQuery.all());
        assertThat(all).as("policy %s", policy).hasSize(100);
        assertThat(s.stats().totalTraces()).isEqualTo(100);
        assertThat(s.stats().totalEvents()).isEqualTo(all.stream().mapToLong(t -> t.events().size()).sum());
        assertThat(s.stats().storageSizeBytes()).isEqualTo(
            all.stream().mapToLong(t -> dev.reflow.trace.json.TraceJson.writeBytes(t).length).sum());
        assertThat(s.stats().details()).containsEntry("evicted_traces", "2300");
      }
    }
  }
}
