package dev.reflow.trace.bench;

import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.storage.TracePosition;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.viewer.ViewerApi;
import java.time.Clock;
import java.util.List;
import java.util.Map;
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
 * The trace viewer's server time for one page of 50 ({@code GET /api/traces}: parameters checked,
 * the keyset query, every listed trace read for its summary, the JSON written), on the SQLite data
 * sets of {@link ScaleData}: the first page, a page deep in the store by cursor, and a filtered
 * page. Issue 17's target: p50 under 50 ms with 1M traces. Goes through {@link ViewerApi}, the same
 * code the HTTP route runs, without the HTTP server (Netty 4.2 cannot share this class path).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ViewerPageBench {
  @Param({"10000", "100000", "1000000"})
  public int traces;

  private TraceStorage storage;
  private Map<String, List<String>> first;
  private Map<String, List<String>> deep;
  private Map<String, List<String>> filtered;
  private final Clock clock = Clock.systemUTC();
  private static final dev.reflow.trace.storage.TraceQuery FIRST_PAGE_QUERY =
      dev.reflow.trace.storage.TraceQuery.builder().limit(51).build();

  @Setup(Level.Trial)
  public void open() {
    storage = ScaleData.open("sqlite", traces);
    // A cursor half-way through the store: the newest trace started at or before the middle of the week.
    List<TraceId> middle = ScaleQueries.sampleIds(storage, 2);
    FlowTrace pivot = storage.get(middle.get(0)).orElseThrow();
    first = Map.of("limit", List.of("50"));
    deep = Map.of("limit", List.of("50"), "after", List.of(TracePosition.of(pivot).toString()));
    filtered = Map.of("limit", List.of("50"), "flow", List.of(ScaleQueries.FLOW), "status", List.of("completed"));
    for (Map<String, List<String>> p : List.of(first, deep, filtered)) {
      String json = new String(ViewerApi.traces(storage, p, clock), java.nio.charset.StandardCharsets.UTF_8);
      int listed = json.split("\"trace_id\"", -1).length - 1;
      if (listed != 50) {
        throw new IllegalStateException("a page of " + p + " listed " + listed + " traces, expected 50");
      }
    }
  }

  @TearDown(Level.Trial)
  public void close() {
    storage.close();
  }

  /**
   * The baseline: the storage query the newest page runs (51 traces: the page and one to know
   * whether a next page exists), without checking parameters, summarising or writing JSON.
   */
  @Benchmark
  public List<FlowTrace> storageQueryOnly() {
    return storage.query(FIRST_PAGE_QUERY);
  }

  @Benchmark
  public byte[] firstPage() {
    return ViewerApi.traces(storage, first, clock);
  }

  @Benchmark
  public byte[] deepPage() {
    return ViewerApi.traces(storage, deep, clock);
  }

  @Benchmark
  public byte[] flowAndStatusPage() {
    return ViewerApi.traces(storage, filtered, clock);
  }
}
