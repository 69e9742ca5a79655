package dev.reflow.trace.bench;

import dev.reflow.trace.cli.demo.SyntheticTraces;
import dev.reflow.trace.json.TraceJson;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.storage.TraceStorage;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The traces every contender stores: the CLI demo's seeded generator in its compact shape (about
 * 6 KB of JSON per trace, 5 to 50 events, mostly short runs), so all benchmarks (ours, raw
 * drivers, Zipkin) see the same traces and the same JSON bytes.
 */
public final class BenchData {
  /** Seed of every data set: runs are comparable with each other. */
  public static final long SEED = 20260314L;

  private BenchData() {}

  /** {@code count} traces from the seeded generator. */
  public static List<FlowTrace> traces(int count) {
    return generator(SEED).next(count);
  }

  /** The seeded generator behind {@link #traces}; stream from it for data sets too big to hold. */
  public static SyntheticTraces generator(long seed) {
    return new SyntheticTraces(seed, SyntheticTraces.DEFAULT_NEWEST, SyntheticTraces.DEFAULT_WINDOW,
        SyntheticTraces.Shape.COMPACT);
  }

  /** The trace with a new id derived from a counter, so repeated batches insert instead of replace. */
  public static FlowTrace withFreshId(FlowTrace trace, long counter) {
    return trace.withTraceId(TraceId.of(new UUID(0x7ace000000004000L | (counter << 16), counter)));
  }

  /**
   * The traces with new ids {@code firstCounter, firstCounter + 1, ...}: a batch that inserts
   * instead of replacing. Advance the caller's counter by {@code traces.size()}.
   */
  public static List<FlowTrace> withFreshIds(List<FlowTrace> traces, long firstCounter) {
    List<FlowTrace> out = new ArrayList<>(traces.size());
    long c = firstCounter;
    for (FlowTrace t : traces) {
      out.add(withFreshId(t, c++));
    }
    return out;
  }

  /** Stores the traces through {@code storage} in transactions of {@link BackendBench#BATCH}. */
  public static void storeInBatches(TraceStorage storage, List<FlowTrace> traces) {
    for (int i = 0; i < traces.size(); i += BackendBench.BATCH) {
      storage.storeAll(traces.subList(i, Math.min(traces.size(), i + BackendBench.BATCH)));
    }
  }

  /** Reflow JSON of each trace. */
  public static List<byte[]> json(List<FlowTrace> traces) {
    List<byte[]> out = new ArrayList<>(traces.size());
    for (FlowTrace t : traces) {
      out.add(TraceJson.writeBytes(t));
    }
    return out;
  }

  /** Mean JSON size in bytes. */
  public static double meanJsonBytes(List<byte[]> json) {
    return json.stream().mapToInt(b -> b.length).average().orElse(0);
  }
}
