package dev.reflow.trace.bench;

import dev.reflow.trace.json.TraceJson;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.otlp.OtlpJson;
import dev.reflow.trace.otlp.OtlpMapping;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * OTLP export cost per trace on one thread, from a {@code FlowTrace} in memory to the bytes on the
 * wire: the mapping alone, mapping + OTLP/protobuf, mapping + OTLP/JSON, and as the peer in the
 * same run Jackson writing the same trace as Reflow JSON ({@code TraceJson.writeBytes}). MB/s =
 * traces/s × the mean output size of each encoding ({@link #meanBytes}; the report does the product).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class OtlpBench {
  private static final OtlpMapping MAPPING = new OtlpMapping();
  private List<FlowTrace> traces;
  private int i;

  @Setup
  public void load() {
    traces = BenchData.traces(1000);
  }

  private FlowTrace next() {
    i = (i + 1) % traces.size();
    return traces.get(i);
  }

  @Benchmark
  public ExportTraceServiceRequest map() {
    return MAPPING.toRequest(next());
  }

  @Benchmark
  public byte[] protobuf() {
    return MAPPING.toRequest(next()).toByteArray();
  }

  @Benchmark
  public byte[] json() {
    return OtlpJson.print(MAPPING.toRequest(next())).getBytes(StandardCharsets.UTF_8);
  }

  @Benchmark
  public byte[] reflowJson() {
    return TraceJson.writeBytes(next());
  }

  /** Mean output bytes per trace of the benchmark {@code op} over the benchmark's traces. */
  static double meanBytes(String op) {
    Function<FlowTrace, byte[]> encode = switch (op) {
      case "protobuf" -> t -> MAPPING.toRequest(t).toByteArray();
      case "json" -> t -> OtlpJson.print(MAPPING.toRequest(t)).getBytes(StandardCharsets.UTF_8);
      case "reflowJson" -> TraceJson::writeBytes;
      default -> throw new IllegalArgumentException(op);
    };
    return BenchData.traces(1000).stream().mapToInt(t -> encode.apply(t).length).average().orElse(0);
  }
}
