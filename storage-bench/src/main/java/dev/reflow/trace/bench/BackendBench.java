package dev.reflow.trace.bench;

import dev.reflow.trace.model.ExecutionStatus;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.storage.TraceQuery;
import dev.reflow.trace.storage.TraceStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Every backend through {@link TraceStorage}: the operations an application runs, on a store
 * preloaded with {@link #preload} traces. Sample-time mode, so the report has p50 and p99.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BackendBench {
  static final int BATCH = 1000;

  @Param({"memory", "sqlite", "postgres", "timescale", "mongodb"})
  public String backend;

  @Param({"10000"})
  public int preload;

  private TraceStorage storage;
  private List<FlowTrace> stored;
  private List<FlowTrace> batchSource;
  private long counter;
  private int cursor;
  private TraceQuery byFlow;
  private TraceQuery byTime;
  private TraceQuery byActor;
  private TraceQuery combined;

  @Setup(Level.Trial)
  public void open() {
    storage = Backends.open(backend);
    stored = BenchData.traces(preload);
    BenchData.storeInBatches(storage, stored);
    batchSource = stored.subList(0, BATCH);
    FlowTrace probe = stored.get(preload / 2);
    Instant at = probe.startTime().toInstant();
    byFlow = TraceQuery.builder().flowId(probe.flowId()).limit(50).build();
    byTime = TraceQuery.builder().timeRange(at.minus(Duration.ofMinutes(30)), at).limit(50).build();
    String actor = probe.events().isEmpty() ? "a" : probe.events().get(probe.events().size() - 1).actorId();
    byActor = TraceQuery.builder().actorFilter(actor).limit(50).build();
    combined = TraceQuery.builder().flowId(probe.flowId()).status(ExecutionStatus.Kind.COMPLETED)
        .timeRange(at.minus(Duration.ofDays(2)), at).limit(50).build();
  }

  @TearDown(Level.Trial)
  public void close() {
    storage.close();
  }

  private FlowTrace nextStored() {
    cursor = (cursor + 7919) % stored.size();
    return stored.get(cursor);
  }

  /** One transaction of 1,000 new traces; traces/s = 1000 / this time. */
  @Benchmark
  public void storeAll1000() {
    storage.storeAll(BenchData.withFreshIds(batchSource, counter + 1));
    counter += BATCH;
  }

  @Benchmark
  public void storeOne() {
    storage.store(BenchData.withFreshId(nextStored(), ++counter));
  }

  @Benchmark
  public Optional<FlowTrace> getById() {
    return storage.get(nextStored().traceId());
  }

  /** The stored JSON without building the trace: what the raw drivers' get returns. */
  @Benchmark
  public Optional<byte[]> getJson() {
    return storage.getJson(nextStored().traceId());
  }

  @Benchmark
  public List<FlowTrace> queryByFlow() {
    return storage.query(byFlow);
  }

  @Benchmark
  public List<FlowTrace> queryByTimeRange() {
    return storage.query(byTime);
  }

  @Benchmark
  public List<FlowTrace> queryByActor() {
    return storage.query(byActor);
  }

  @Benchmark
  public List<FlowTrace> queryCombined() {
    return storage.query(combined);
  }

  /** Store a new trace, then delete it: delete alone needs a trace to delete each time. */
  @Benchmark
  public boolean storeThenDelete() {
    FlowTrace t = BenchData.withFreshId(nextStored(), ++counter);
    storage.store(t);
    return storage.delete(t.traceId());
  }
}
