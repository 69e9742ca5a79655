package dev.reflow.trace.bench;

import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.storage.TraceStorage;
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
 * {@code get} and {@code query} latency with 10k, 100k and 1M traces stored: does the cost follow
 * the result size or the table size? Runs on the cached data sets of {@link ScaleData} (only
 * reading, so every trial sees the same data) with the fixed queries of {@link ScaleQueries}, each
 * returning 50 traces at every size. bench/run.sh passes {@code -p traces=10000,100000} in quick
 * mode.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ScaleBench {
  /** Ids spread over the whole data set (its whole time range, and so all over the key order), cycled. */
  private static final int SAMPLED_IDS = 1000;

  @Param({"sqlite", "postgres"})
  public String backend;

  @Param({"10000", "100000", "1000000"})
  public int traces;

  private TraceStorage storage;
  private List<TraceId> ids;
  private int cursor;

  @Setup(Level.Trial)
  public void open() {
    storage = ScaleData.open(backend, traces);
    ScaleQueries.checkResultSizes(storage, backend + " with " + traces + " traces");
    ids = ScaleQueries.sampleIds(storage, SAMPLED_IDS);
  }

  @TearDown(Level.Trial)
  public void close() {
    storage.close();
  }

  @Benchmark
  public Optional<FlowTrace> getById() {
    cursor = (cursor + 1) % ids.size();
    return storage.get(ids.get(cursor));
  }

  @Benchmark
  public List<FlowTrace> queryByFlow() {
    return storage.query(ScaleQueries.BY_FLOW.query());
  }

  @Benchmark
  public List<FlowTrace> queryByTimeRange() {
    return storage.query(ScaleQueries.BY_TIME_RANGE.query());
  }

  @Benchmark
  public List<FlowTrace> queryByActor() {
    return storage.query(ScaleQueries.BY_ACTOR.query());
  }

  @Benchmark
  public List<FlowTrace> queryByCommonActor() {
    return storage.query(ScaleQueries.BY_COMMON_ACTOR.query());
  }

  @Benchmark
  public List<FlowTrace> queryByRareActor() {
    return storage.query(ScaleQueries.BY_RARE_ACTOR.query());
  }

  @Benchmark
  public List<FlowTrace> queryCombined() {
    return storage.query(ScaleQueries.COMBINED.query());
  }
}
