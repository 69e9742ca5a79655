package dev.reflow.trace.bench;

import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.storage.TracePosition;
import dev.reflow.trace.storage.TraceQuery;
import dev.reflow.trace.storage.TraceStorage;
import java.util.List;
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
 * Page 1,000 of 50 (49,950 traces before it) by keyset ({@link TraceQuery#after}) and by offset,
 * through {@code query} on the scale data sets.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DeepPageBench {
  @Param({"1000000"})
  public int traces;

  @Param({"sqlite", "postgres"})
  public String backend;

  private TraceStorage storage;
  private TracePosition beforePage1000;

  @Setup(Level.Trial)
  public void open() {
    storage = ScaleData.open(backend, traces);
    List<FlowTrace> page999 = storage.query(TraceQuery.builder().offset(998 * 50).limit(50).build());
    beforePage1000 = TracePosition.of(page999.get(page999.size() - 1));
  }

  @TearDown(Level.Trial)
  public void close() {
    storage.close();
  }

  @Benchmark
  public List<FlowTrace> page1000ByKeyset() {
    return storage.query(TraceQuery.builder().after(beforePage1000).limit(50).build());
  }

  @Benchmark
  public List<FlowTrace> page1000ByOffset() {
    return storage.query(TraceQuery.builder().offset(999 * 50).limit(50).build());
  }
}
