package dev.reflow.trace.bench;

import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.storage.TraceStorage;
import java.util.List;
import java.util.Map;
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
 * SQLite and PostgreSQL with {@code compression_threshold = -1} (plain JSON documents): what
 * zstd costs on the read path and saves on the write path, beside {@link BackendBench}'s default
 * (zstd above 1,024 bytes) and the raw drivers, which store plain JSON too.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CompressionTradeoffBench {
  @Param({"sqlite", "postgres"})
  public String backend;

  @Param({"10000"})
  public int preload;

  private TraceStorage storage;
  private List<FlowTrace> stored;
  private long counter;
  private int cursor;

  @Setup(Level.Trial)
  public void open() {
    storage = Backends.open(backend, Map.of("storage." + backend + ".compression_threshold", -1));
    stored = BenchData.traces(preload);
    BenchData.storeInBatches(storage, stored);
  }

  @TearDown(Level.Trial)
  public void close() {
    storage.close();
  }

  @Benchmark
  public void storeAll1000() {
    storage.storeAll(BenchData.withFreshIds(stored.subList(0, BackendBench.BATCH), counter + 1));
    counter += BackendBench.BATCH;
  }

  @Benchmark
  public Optional<byte[]> getJson() {
    cursor = (cursor + 7919) % stored.size();
    return storage.getJson(stored.get(cursor).traceId());
  }
}
