package dev.reflow.trace.bench;

import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.TraceEvent;
import dev.reflow.trace.storage.TraceStorage;
import java.util.ArrayList;
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
import zipkin2.Endpoint;
import zipkin2.Span;
import zipkin2.storage.InMemoryStorage;

/**
 * The peer: Zipkin's {@code InMemoryStorage} holding the same traces, one span per event, against
 * our memory backend. Both store batches of 1,000 traces and get whole traces by id.
 *
 * <p>Both stores cycle through the same 20 batches, built before the measurement, each with trace
 * ids of its own: after the first round a batch replaces its own earlier copy (Zipkin keeps a
 * trace's spans in a set, so re-adding them changes nothing), and both stores stay at 30,000
 * traces. Building fresh ids inside the measurement, as this benchmark once did for our side
 * only, timed a copy of each trace and let our store grow to millions of traces during a run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ZipkinPeerBench {
  @Param({"zipkin", "memory"})
  public String store;

  @Param({"10000"})
  public int preload;

  private InMemoryStorage zipkin;
  private TraceStorage ours;
  private List<FlowTrace> stored;
  private List<List<Span>> batches;
  private List<List<FlowTrace>> ourBatches;
  private int batchCursor;
  private int cursor;

  @Setup(Level.Trial)
  public void open() throws Exception {
    stored = BenchData.traces(preload);
    if (store.equals("zipkin")) {
      zipkin = InMemoryStorage.newBuilder().maxSpanCount(Integer.MAX_VALUE).build();
      for (int i = 0; i < stored.size(); i += BackendBench.BATCH) {
        zipkin.spanConsumer().accept(spans(stored.subList(i, Math.min(stored.size(), i + BackendBench.BATCH)), 0)).execute();
      }
      // Pre-built batches with fresh trace ids: converting is not Zipkin's storage cost.
      batches = new ArrayList<>();
      for (int b = 1; b <= 20; b++) {
        batches.add(spans(stored.subList(0, BackendBench.BATCH), b));
      }
    } else {
      ours = Backends.open("memory");
      BenchData.storeInBatches(ours, stored);
      ourBatches = new ArrayList<>();
      for (int b = 1; b <= 20; b++) {
        ourBatches.add(BenchData.withFreshIds(stored.subList(0, BackendBench.BATCH), (long) b * BackendBench.BATCH));
      }
    }
  }

  /** One span per event; {@code salt} varies the trace ids. */
  static List<Span> spans(List<FlowTrace> traces, int salt) {
    List<Span> spans = new ArrayList<>();
    for (FlowTrace t : traces) {
      String traceId = traceIdHex(t, salt);
      for (TraceEvent e : t.events()) {
        Span.Builder b = Span.newBuilder()
            .traceId(traceId)
            .id(e.eventId().toString().replace("-", "").substring(0, 16))
            .name(e.eventType().variantName())
            .timestamp(e.timestamp().epochMicros())
            .duration(1L)
            .localEndpoint(Endpoint.newBuilder().serviceName(e.actorId()).build());
        if (e.causality().parentEventId() != null) {
          b.parentId(e.causality().parentEventId().toString().replace("-", "").substring(0, 16));
        }
        if (e.data().port() != null) {
          b.putTag("port", e.data().port());
        }
        spans.add(b.build());
      }
    }
    return spans;
  }

  static String traceIdHex(FlowTrace t, int salt) {
    String hex = t.traceId().toString().replace("-", "");
    return salt == 0 ? hex : String.format("%08x", salt) + hex.substring(8);
  }

  @Benchmark
  public Object storeAll1000() throws Exception {
    batchCursor = (batchCursor + 1) % 20;
    if (zipkin != null) {
      return zipkin.spanConsumer().accept(batches.get(batchCursor)).execute();
    }
    List<FlowTrace> batch = ourBatches.get(batchCursor);
    ours.storeAll(batch);
    return batch;
  }

  @Benchmark
  public Object getTrace() throws Exception {
    cursor = (cursor + 7919) % stored.size();
    FlowTrace t = stored.get(cursor);
    if (zipkin != null) {
      return zipkin.traces().getTrace(traceIdHex(t, 0)).execute();
    }
    Optional<FlowTrace> found = ours.get(t.traceId());
    return found;
  }
}
