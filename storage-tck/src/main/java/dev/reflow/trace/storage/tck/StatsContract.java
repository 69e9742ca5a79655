package dev.reflow.trace.storage.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.Timestamp;
import dev.reflow.trace.storage.StorageStats;
import dev.reflow.trace.storage.TraceQuery;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** stats() agrees with what is stored: counts, time bounds (at least microseconds), a size. */
public abstract class StatsContract extends TckContract {
  protected StatsContract(TraceStorageTck tck) {
    super(tck);
  }

  private static long micros(java.time.Instant instant) {
    return Timestamp.of(instant).epochMicros();
  }

  @Test
  @DisplayName("An empty storage reports zero traces, zero events and no time bounds")
  public void stats_emptyStorage_zeroCountsAndNoTimestamps() {
    StorageStats stats = storage().stats();
    assertThat(stats.totalTraces()).as("Backend <%s>: total_traces of an empty storage", backend()).isZero();
    assertThat(stats.totalEvents()).as("Backend <%s>: total_events of an empty storage", backend()).isZero();
    assertThat(stats.oldestTraceTimestamp()).as("Backend <%s>: oldest start_time of an empty storage", backend()).isNull();
    assertThat(stats.newestTraceTimestamp()).as("Backend <%s>: newest start_time of an empty storage", backend()).isNull();
    assertThat(stats.storageSizeBytes()).as("Backend <%s>: size of an empty storage", backend()).isGreaterThanOrEqualTo(0);
  }

  @Test
  @DisplayName("Stats count every stored trace and every event")
  public void stats_afterStores_countsTracesAndEvents() {
    store(TestTraces.trace(1).events(3, "a").build(), TestTraces.trace(2).noEvents().build(),
        TestTraces.trace(3).events(10, "b", "c").build(), Fixtures.trace(Fixtures.COMPLETED_FLOW));
    StorageStats stats = storage().stats();
    assertThat(stats.totalTraces()).as("Backend <%s>: total_traces after storing 4 traces", backend()).isEqualTo(4);
    assertThat(stats.totalEvents()).as("Backend <%s>: total_events after storing 3+0+10+6 events", backend()).isEqualTo(19);
  }

  @Test
  @DisplayName("Oldest and newest start_time are reported to at least microsecond precision")
  public void stats_oldestAndNewest_matchStartTimesAtMicros() {
    Timestamp oldest = TestTraces.at("2025-12-31T23:59:59.999999001Z");
    Timestamp newest = TestTraces.at("2026-03-14T09:26:53.589793238Z");
    store(TestTraces.trace(1).startTime("2026-01-01T00:00:00Z").build(), TestTraces.trace(2).startTime(newest).build(),
        TestTraces.trace(3).startTime(oldest).build());
    StorageStats stats = storage().stats();
    assertThat(stats.oldestTraceTimestamp()).as("Backend <%s>: oldest start_time", backend()).isNotNull();
    assertThat(stats.newestTraceTimestamp()).as("Backend <%s>: newest start_time", backend()).isNotNull();
    assertThat(micros(stats.oldestTraceTimestamp()))
        .withFailMessage("Backend <%s>: expected oldest start_time %s (at microseconds), but received %s", backend(),
            oldest.truncatedToMicros(), stats.oldestTraceTimestamp())
        .isEqualTo(oldest.epochMicros());
    assertThat(micros(stats.newestTraceTimestamp()))
        .withFailMessage("Backend <%s>: expected newest start_time %s (at microseconds), but received %s", backend(),
            newest.truncatedToMicros(), stats.newestTraceTimestamp())
        .isEqualTo(newest.epochMicros());
  }

  @Test
  @DisplayName("A storage holding traces reports a positive size")
  public void stats_afterStores_sizeIsPositive() {
    store(Fixtures.trace(Fixtures.COMPLETED_FLOW), Fixtures.trace(Fixtures.MINIMAL_FLOW));
    assertThat(storage().stats().storageSizeBytes())
        .as("Backend <%s>: storage_size_bytes after storing two fixtures", backend()).isPositive();
  }

  @Test
  @DisplayName("After every trace is deleted, counts are zero and time bounds absent")
  public void stats_afterDeletingAll_countsAreZero() {
    List<FlowTrace> traces = TestTraces.many(4, 1);
    store(traces);
    for (FlowTrace t : traces) {
      storage().delete(t.traceId());
    }
    StorageStats stats = storage().stats();
    assertThat(stats.totalTraces()).as("Backend <%s>: total_traces after deleting all", backend()).isZero();
    assertThat(stats.totalEvents()).as("Backend <%s>: total_events after deleting all", backend()).isZero();
    assertThat(stats.oldestTraceTimestamp()).as("Backend <%s>: oldest after deleting all", backend()).isNull();
    assertThat(stats.newestTraceTimestamp()).as("Backend <%s>: newest after deleting all", backend()).isNull();
  }

  @Test
  @DisplayName("Stats agree with a full query after mixed stores, upserts and deletes")
  public void stats_afterMixedOperations_agreeWithQuery() {
    List<FlowTrace> traces = TestTraces.many(12, 40);
    store(traces);
    storage().delete(traces.get(0).traceId());
    storage().delete(traces.get(5).traceId());
    store(TestTraces.trace(41).events(9, "z").startTime("2027-01-01T00:00:00.000001Z").build());
    List<FlowTrace> all = storage().query(TraceQuery.all());
    StorageStats stats = storage().stats();
    long events = all.stream().mapToLong(t -> t.events().size()).sum();
    assertThat(stats.totalTraces()).as("Backend <%s>: total_traces vs query(all) size", backend()).isEqualTo(all.size());
    assertThat(stats.totalEvents()).as("Backend <%s>: total_events vs events of query(all)", backend()).isEqualTo(events);
    assertThat(micros(stats.newestTraceTimestamp())).as("Backend <%s>: newest vs first of query(all)", backend())
        .isEqualTo(all.get(0).startTime().epochMicros());
    assertThat(micros(stats.oldestTraceTimestamp())).as("Backend <%s>: oldest vs last of query(all)", backend())
        .isEqualTo(all.get(all.size() - 1).startTime().epochMicros());
  }
}
