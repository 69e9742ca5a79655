package dev.reflow.trace.storage.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.Timestamp;
import dev.reflow.trace.storage.StorageStats;
import dev.reflow.trace.storage.TraceQuery;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** deleteOlderThan(cutoff) removes traces whose start_time is strictly before the cutoff, at microseconds. */
public abstract class RetentionContract extends TckContract {
  protected RetentionContract(TraceStorageTck tck) {
    super(tck);
  }

  private void assertDeletedCount(Instant cutoff, long expected, String situation) {
    long deleted = storage().deleteOlderThan(cutoff);
    assertThat(deleted).withFailMessage("Backend <%s>, %s: deleteOlderThan(%s) expected to delete %d traces, but returned %d",
        backend(), situation, cutoff, expected, deleted).isEqualTo(expected);
  }

  @Test
  @DisplayName("Traces before the cutoff are deleted, later ones kept, and the count returned")
  public void deleteOlderThan_cutoffBetweenTraces_deletesOnlyOlder() {
    List<FlowTrace> traces = TestTraces.many(10, 1);
    store(traces);
    Instant cutoff = TestTraces.plusMicros(TestTraces.BASE_TIME, 3500).toInstant();
    assertDeletedCount(cutoff, 4, "10 traces 1ms apart, cutoff after the 4th");
    assertQuery(TraceQuery.all(), ids(reference(traces.subList(4, 10), TraceQuery.all())), "after retention");
    for (FlowTrace t : traces.subList(0, 4)) {
      assertAbsent(t.traceId(), "trace older than the cutoff");
    }
  }

  /**
   * More traces than PostgreSQL deletes per transaction (1,000) and many SQLite batches (100), so
   * retention spans batches; fewer than 2,000, so a bounded memory backend holds them all.
   */
  @Test
  @DisplayName("Retention over more traces than one delete batch deletes exactly the older ones")
  public void deleteOlderThan_thousandsOfTraces_deletesExactlyTheOlderOnes() {
    List<FlowTrace> traces = TestTraces.many(1_500, 50_000);
    for (int i = 0; i < traces.size(); i += 500) {
      storage().storeAll(traces.subList(i, Math.min(traces.size(), i + 500)));
    }
    Instant cutoff = TestTraces.plusMicros(TestTraces.BASE_TIME, 1000L * 1_200).toInstant();
    assertDeletedCount(cutoff, 1_200, "1,500 traces 1ms apart, cutoff at the 1,201st");
    assertThat(storage().stats().totalTraces()).as("Backend <%s>: total_traces after retention", backend()).isEqualTo(300);
    assertQuery(TraceQuery.builder().limit(1).build(), ids(traces.get(1_499)), "newest after retention");
    assertThat(storage().query(TraceQuery.builder().limit(1_000).build())).as("Backend <%s>: traces left", backend())
        .hasSize(300).last().extracting(FlowTrace::traceId).isEqualTo(traces.get(1_200).traceId());
    assertDeletedCount(cutoff, 0, "the same cutoff again");
  }

  @Test
  @DisplayName("A trace exactly at the cutoff is kept (strictly before)")
  public void deleteOlderThan_traceExactlyAtCutoff_isKept() {
    Timestamp t = TestTraces.at("2026-03-14T09:00:00.123456Z");
    FlowTrace at = TestTraces.trace(1).startTime(t).build();
    store(at);
    assertDeletedCount(t.toInstant(), 0, "trace at exactly the cutoff");
    assertQuery(TraceQuery.all(), ids(at), "after retention at exactly its start_time");
  }

  @Test
  @DisplayName("A trace one microsecond before the cutoff is deleted")
  public void deleteOlderThan_traceOneMicrosecondBefore_isDeleted() {
    Timestamp cutoff = TestTraces.at("2026-03-14T09:00:00.123456Z");
    FlowTrace before = TestTraces.trace(1).startTime(TestTraces.plusMicros(cutoff, -1)).build();
    FlowTrace at = TestTraces.trace(2).startTime(cutoff).build();
    store(before, at);
    assertDeletedCount(cutoff.toInstant(), 1, "traces at cutoff-1µs and at cutoff");
    assertQuery(TraceQuery.all(), ids(at), "after retention");
  }

  @Test
  @DisplayName("Within one microsecond nothing is before anything: a trace at +100ns survives a cutoff at +900ns")
  public void deleteOlderThan_cutoffInSameMicrosecond_keepsTrace() {
    Timestamp micro = TestTraces.at("2026-03-14T09:00:00.123456Z");
    FlowTrace trace = TestTraces.trace(1).startTime(TestTraces.plusNanos(micro, 100)).build();
    FlowTrace earlier = TestTraces.trace(2).startTime(TestTraces.plusNanos(micro, -1)).build();
    store(trace, earlier);
    assertDeletedCount(TestTraces.plusNanos(micro, 900).toInstant(), 1, "trace at micro+100ns, one at micro-1ns, cutoff micro+900ns");
    assertQuery(TraceQuery.all(), ids(trace), "after retention within one microsecond");
  }

  @Test
  @DisplayName("Retention on an empty storage returns 0")
  public void deleteOlderThan_emptyStorage_returnsZero() {
    assertDeletedCount(Instant.parse("2100-01-01T00:00:00Z"), 0, "empty storage");
  }

  @Test
  @DisplayName("A cutoff after every trace deletes all of them and empties the stats")
  public void deleteOlderThan_cutoffAfterEverything_deletesAll() {
    store(TestTraces.many(7, 1));
    assertDeletedCount(Instant.parse("2100-01-01T00:00:00Z"), 7, "seven traces, cutoff in 2100");
    StorageStats stats = storage().stats();
    assertThat(stats.totalTraces()).as("Backend <%s>: total_traces after deleting all by retention", backend()).isZero();
    assertThat(stats.totalEvents()).as("Backend <%s>: total_events after deleting all by retention", backend()).isZero();
    assertQuery(TraceQuery.all(), List.of(), "after deleting all by retention");
  }

  @Test
  @DisplayName("A cutoff before every trace deletes nothing")
  public void deleteOlderThan_cutoffBeforeEverything_deletesNothing() {
    List<FlowTrace> traces = TestTraces.many(3, 1);
    store(traces);
    assertDeletedCount(TestTraces.BASE_TIME.toInstant(), 0, "cutoff at the oldest start_time");
    assertDeletedCount(Instant.parse("1900-01-01T00:00:00Z"), 0, "cutoff in 1900");
    assertQueryAgreesWithReference(traces, TraceQuery.all(), "after retention that deletes nothing");
  }
}
