package dev.reflow.trace.bench;

import dev.reflow.trace.json.TraceJson;
import dev.reflow.trace.model.FlowTrace;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Codec throughput on one thread; MB/s = ops/s × mean JSON size (the report does the product). */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CodecBench {
  private List<FlowTrace> traces;
  private List<byte[]> json;
  private int i;

  @Setup
  public void load() {
    traces = BenchData.traces(1000);
    json = BenchData.json(traces);
  }

  @Benchmark
  public FlowTrace read() {
    i = (i + 1) % json.size();
    return TraceJson.read(json.get(i));
  }

  @Benchmark
  public byte[] write() {
    i = (i + 1) % traces.size();
    return TraceJson.writeBytes(traces.get(i));
  }
}
