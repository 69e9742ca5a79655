package dev.reflow.trace.storage.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.reflow.trace.model.ExecutionStatus;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.storage.StorageStats;
import dev.reflow.trace.storage.TraceQuery;
import dev.reflow.trace.storage.TraceWriteException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** storeAll stores a batch as one unit: all or nothing, later duplicates winning. */
public abstract class StoreAllContract extends TckContract {
  /** Traces in the batch a concurrent reader watches: big enough that storing it takes a while. */
  private static final int WATCHED_BATCH = 400;
  protected StoreAllContract(TraceStorageTck tck) {
    super(tck);
  }

  @Test
  @DisplayName("Every trace of a batch is stored")
  public void storeAll_batch_everyTraceStored() {
    List<FlowTrace> batch = TestTraces.many(25, 1);
    storage().storeAll(batch);
    assertQueryAgreesWithReference(batch, TraceQuery.all(), "batch of 25");
    for (FlowTrace t : batch) {
      assertRoundtrip(t, getPresent(t.traceId(), "member of a batch of 25"), "member of a batch of 25");
    }
  }

  @Test
  @DisplayName("When a batch holds one id twice, the later one wins")
  public void storeAll_duplicateIdsInBatch_lastOneWins() {
    FlowTrace first = TestTraces.trace(1).status(ExecutionStatus.RUNNING).startTime("2026-03-14T08:00:00Z").build();
    FlowTrace other = TestTraces.trace(2).build();
    FlowTrace last = TestTraces.trace(1).status(ExecutionStatus.COMPLETED).startTime("2026-03-14T10:00:00Z").actors("w").build();
    storage().storeAll(List.of(first, other, last));
    assertRoundtrip(last, getPresent(last.traceId(), "id stored twice in one batch"), "id stored twice in one batch");
    assertQuery(TraceQuery.all(), ids(last, other), "batch [v1 of A, B, v2 of A]");
    assertQuery(TraceQuery.builder().status(ExecutionStatus.Kind.RUNNING).build(), List.of(), "status of the overwritten version");
    assertThat(storage().stats().totalTraces()).as("Backend <%s>: total_traces after a batch with a duplicate", backend())
        .isEqualTo(2);
  }

  @Test
  @DisplayName("An empty batch stores nothing and does not fail")
  public void storeAll_emptyBatch_storesNothing() {
    storage().storeAll(List.of());
    assertQuery(TraceQuery.all(), List.of(), "after an empty batch");
    assertThat(storage().stats().totalTraces()).isZero();
  }

  @Test
  @DisplayName("A batch of 1000 traces is stored completely")
  public void storeAll_thousandTraces_allStoredAndCounted() {
    List<FlowTrace> batch = TestTraces.many(1000, 10_000);
    storage().storeAll(batch);
    StorageStats stats = storage().stats();
    assertThat(stats.totalTraces()).as("Backend <%s>: total_traces after a batch of 1000", backend()).isEqualTo(1000);
    assertThat(stats.totalEvents()).as("Backend <%s>: total_events after a batch of 1000 one-event traces", backend())
        .isEqualTo(1000);
    assertQueryAgreesWithReference(batch, TraceQuery.builder().limit(50).offset(500).build(), "batch of 1000, page 50@500");
    assertRoundtrip(batch.get(999), getPresent(batch.get(999).traceId(), "last of 1000"), "last of a batch of 1000");
  }

  @Test
  @DisplayName("A batch replaces traces already stored under its ids")
  public void storeAll_batchWithExistingIds_replacesThem() {
    FlowTrace old = TestTraces.trace(1).actors("old").build();
    FlowTrace kept = TestTraces.trace(2).startTime("2026-03-14T08:00:00Z").build();
    store(old, kept);
    FlowTrace replacement = TestTraces.trace(1).actors("new").build();
    FlowTrace added = TestTraces.trace(3).startTime("2026-03-14T07:00:00Z").build();
    storage().storeAll(List.of(replacement, added));
    assertRoundtrip(replacement, getPresent(old.traceId(), "replaced by a batch"), "replaced by a batch");
    assertQuery(TraceQuery.all(), ids(replacement, kept, added), "after a batch replacing one trace");
    assertQuery(TraceQuery.builder().actorFilter("old").build(), List.of(), "actor of the replaced version");
  }

  /**
   * A reader on another thread counts the traces (one {@code stats()} call each time) while the
   * batch is stored. Validating every element first and then writing them one by one passes the
   * null-element test below, but not this one: between two writes the reader sees part of the
   * batch.
   */
  @Test
  @DisplayName("A concurrent reader sees none or all of a storeAll batch, never a part of it")
  public void storeAll_concurrentReader_neverSeesPartOfBatch() throws Exception {
    FlowTrace existing = TestTraces.trace(1).build();
    store(existing);
    List<FlowTrace> batch = TestTraces.many(WATCHED_BATCH, 30_000);
    Set<Long> seen = new TreeSet<>();
    long[] polls = {0};
    AtomicBoolean written = new AtomicBoolean();
    CountDownLatch readerRunning = new CountDownLatch(1);
    ExecutorService reader = Executors.newSingleThreadExecutor();
    try {
      Future<?> reading = reader.submit(() -> {
        // One more poll after the write returns, so the complete batch is seen at least once.
        boolean last = false;
        while (!last) {
          last = written.get();
          seen.add(storage().stats().totalTraces());
          polls[0]++;
          readerRunning.countDown();
        }
        return null;
      });
      assertThat(readerRunning.await(60, TimeUnit.SECONDS)).as("Backend <%s>: the reader's first stats() returned", backend())
          .isTrue();
      try {
        storage().storeAll(batch);
      } finally {
        written.set(true);
      }
      reading.get(120, TimeUnit.SECONDS);
    } finally {
      reader.shutdownNow();
    }
    long before = 1;
    long after = 1 + WATCHED_BATCH;
    assertThat(seen).withFailMessage("Backend <%s>: while storeAll stored a batch of %d traces into a storage holding %d, a "
            + "concurrent reader's stats().totalTraces() took the values %s in %d polls; expected only %d (before) and %d "
            + "(after): the reader saw part of the batch", backend(), WATCHED_BATCH, before, seen, polls[0], before, after)
        .isSubsetOf(before, after);
    assertThat(seen).as("Backend <%s>: the reader's last poll, after storeAll returned, sees the whole batch", backend())
        .contains(after);
  }

  /**
   * The database itself refuses one trace in the middle of a batch (the backend test's
   * {@link TraceStorageTck#refuseInDatabase} hook, a trigger on SQL databases). Up-front validation
   * cannot see this failure coming, so only a batch written in one transaction leaves nothing of
   * itself; one committed trace by trace leaves the traces before the refused one.
   */
  @Test
  @DisplayName("A batch the database refuses part-way fails whole: none of it stored, earlier traces intact")
  public void storeAll_databaseRefusesOneTrace_storesNothingOfTheBatch() {
    FlowTrace existing = TestTraces.trace(1).actors("before").build();
    FlowTrace untouched = TestTraces.trace(2).startTime("2026-03-14T08:00:00Z").build();
    store(existing, untouched);
    List<FlowTrace> batch = new ArrayList<>();
    batch.add(TestTraces.trace(1).actors("after").build());
    batch.addAll(TestTraces.many(40, 500));
    FlowTrace refused = batch.get(30);
    refuseInDatabaseOrSkip(refused.traceId(), "storeAll_databaseRefusesOneTrace_storesNothingOfTheBatch");
    Throwable thrown = catchThrowable(() -> storage().storeAll(batch));
    assertThat(thrown).withFailMessage("Backend <%s>: storeAll of 41 traces whose 31st the database refuses expected a "
        + "TraceWriteException, but got %s", backend(), thrown).isInstanceOf(TraceWriteException.class);
    assertQuery(TraceQuery.all(), ids(existing, untouched),
        "after a batch the database refused part-way (the 30 traces before the refused one must not be stored)");
    assertRoundtrip(existing, getPresent(existing.traceId(), "stored before a failed batch that would have replaced it"),
        "stored before a failed batch that would have replaced it");
    assertQuery(TraceQuery.builder().actorFilter("after").build(), List.of(), "actor of the failed batch's replacement");
    assertThat(storage().stats().totalTraces()).as("Backend <%s>: total_traces after a batch the database refused", backend())
        .isEqualTo(2);
  }

  @Test
  @DisplayName("A batch with a null element fails with NullPointerException naming its index and stores none of its traces")
  public void storeAll_batchWithNullElement_failsAndStoresNothing() {
    FlowTrace existing = TestTraces.trace(1).build();
    store(existing);
    List<FlowTrace> batch = new ArrayList<>(TestTraces.many(5, 100));
    List<FlowTrace> withNull = new ArrayList<>(batch.subList(0, 3));
    withNull.add(null);
    withNull.addAll(batch.subList(3, 5));
    Throwable thrown = catchThrowable(() -> storage().storeAll(withNull));
    assertThat(thrown).as("Backend <%s>: storeAll of [t1, t2, t3, null, t4, t5] (TraceStorage's null rule)", backend())
        .isExactlyInstanceOf(NullPointerException.class)
        .hasMessageContaining("traces[3]");
    assertQuery(TraceQuery.all(), ids(existing), "after a failed batch (its first three traces must not be stored)");
    for (FlowTrace t : batch) {
      assertAbsent(t.traceId(), "member of a failed batch");
    }
    assertThat(storage().stats().totalTraces()).as("Backend <%s>: total_traces after a failed batch", backend()).isEqualTo(1);
  }
}
