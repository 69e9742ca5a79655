package dev.reflow.trace.storage.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.storage.StorageStats;
import dev.reflow.trace.storage.TraceQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Parallel callers: nothing is lost, nothing is seen half-written. */
public abstract class ConcurrencyContract extends TckContract {
  private static final int THREADS = 8;
  private static final long TIMEOUT_SECONDS = 120;

  protected ConcurrencyContract(TraceStorageTck tck) {
    super(tck);
  }

  /** Runs the tasks together (released at once) and rethrows the first failure. */
  protected static <T> List<T> runTogether(List<Callable<T>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> task : tasks) {
        futures.add(pool.submit(() -> {
          start.await();
          return task.call();
        }));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName("8 threads storing 50 distinct traces each lose none of them")
  public void store_eightThreadsDistinctTraces_noneLost() throws Exception {
    List<FlowTrace> all = new ArrayList<>();
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      List<FlowTrace> mine = TestTraces.many(50, 10_000 + t * 100L);
      all.addAll(mine);
      tasks.add(() -> {
        for (FlowTrace trace : mine) {
          storage().store(trace);
        }
        return null;
      });
    }
    runTogether(tasks);
    StorageStats stats = storage().stats();
    assertThat(stats.totalTraces()).as("Backend <%s>: total_traces after 8 threads stored 50 each", backend()).isEqualTo(400);
    assertQueryAgreesWithReference(all, TraceQuery.all(), "400 traces stored by 8 threads");
    for (FlowTrace t : all) {
      assertRoundtrip(t, getPresent(t.traceId(), "stored concurrently"), "stored concurrently");
    }
  }

  @Test
  @DisplayName("Readers running alongside writers only ever see complete traces")
  public void query_readersConcurrentWithWriters_seeOnlyCompleteTraces() throws Exception {
    Map<TraceId, FlowTrace> expected = new ConcurrentHashMap<>();
    List<FlowTrace> seed = TestTraces.many(20, 1);
    store(seed);
    seed.forEach(t -> expected.put(t.traceId(), t));
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger writersLeft = new AtomicInteger(4);
    List<Callable<Integer>> tasks = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      List<FlowTrace> mine = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        mine.add(TestTraces.trace(20_000 + w * 100L + i).events(1 + i % 5, "w" + w).build());
      }
      mine.forEach(t -> expected.put(t.traceId(), t));
      tasks.add(() -> {
        try {
          for (FlowTrace t : mine) {
            storage().store(t);
          }
        } finally {
          if (writersLeft.decrementAndGet() == 0) {
            writing.set(false);
          }
        }
        return mine.size();
      });
    }
    for (int r = 0; r < 4; r++) {
      tasks.add(() -> {
        int reads = 0;
        do {
          for (FlowTrace got : storage().query(TraceQuery.builder().limit(30).build())) {
            FlowTrace want = expected.get(got.traceId());
            if (want == null || !want.equals(got)) {
              throw new AssertionError("Backend <" + backend() + ">: a concurrent query returned a trace that was never stored"
                  + " or differs from it: " + got.traceId());
            }
          }
          Optional<FlowTrace> one = storage().get(seed.get(reads % seed.size()).traceId());
          if (one.isEmpty() || !one.get().equals(seed.get(reads % seed.size()))) {
            throw new AssertionError("Backend <" + backend() + ">: a concurrent get of a trace stored before the writers "
                + "started returned " + one);
          }
          reads++;
        } while (writing.get());
        return reads;
      });
    }
    runTogether(tasks);
    assertThat(storage().stats().totalTraces()).as("Backend <%s>: total_traces after concurrent writes", backend())
        .isEqualTo(180);
  }

  @Test
  @DisplayName("8 threads re-storing one id with different start times leave exactly one copy")
  public void store_concurrentUpsertsOfOneId_exactlyOneCopyRemains() throws Exception {
    List<FlowTrace> versions = new ArrayList<>();
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      List<FlowTrace> mine = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        mine.add(TestTraces.trace(1).startTime(TestTraces.plusMicros(TestTraces.BASE_TIME, t * 1000L + i))
            .actors("thread-" + t).build());
      }
      versions.addAll(mine);
      tasks.add(() -> {
        for (FlowTrace v : mine) {
          storage().store(v);
        }
        return null;
      });
    }
    runTogether(tasks);
    List<FlowTrace> all = storage().query(TraceQuery.all());
    assertThat(all).withFailMessage("Backend <%s>: after 160 concurrent stores of one id, expected exactly one trace, but received %d",
        backend(), all.size()).hasSize(1);
    assertThat(versions).as("Backend <%s>: the remaining copy must be one of the stored versions", backend()).contains(all.get(0));
    assertThat(storage().get(all.get(0).traceId())).contains(all.get(0));
    assertThat(storage().stats().totalTraces()).isEqualTo(1);
  }

  @Test
  @DisplayName("8 threads deleting one id: exactly one of them sees true")
  public void delete_concurrentDeletesOfOneId_exactlyOneReturnsTrue() throws Exception {
    FlowTrace trace = TestTraces.trace(1).build();
    store(trace);
    List<Callable<Boolean>> tasks = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      tasks.add(() -> storage().delete(trace.traceId()));
    }
    List<Boolean> results = runTogether(tasks);
    assertThat(results.stream().filter(b -> b).count())
        .withFailMessage("Backend <%s>: 8 concurrent deletes of one id returned %s; expected exactly one true", backend(), results)
        .isEqualTo(1);
    assertAbsent(trace.traceId(), "after concurrent deletes");
  }
}
