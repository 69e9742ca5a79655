package dev.reflow.trace.cli;

import dev.reflow.trace.cli.demo.SyntheticTraces;
import dev.reflow.trace.cli.internal.Formats;
import dev.reflow.trace.cli.internal.ProgressBar;
import dev.reflow.trace.json.TraceJson;
import dev.reflow.trace.model.ExecutionStatus;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.StorageStats;
import dev.reflow.trace.storage.TraceQuery;
import dev.reflow.trace.storage.TraceStorage;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Fills the configured storage with synthetic traces from {@link SyntheticTraces} and shows a few
 * queries with their timings: the first thing to run after cloning.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Stores N synthetic but realistic Reflow traces (six flows, failures included, "
        + "5 to 50 events each, start times over the last 7 days) and runs a few example queries.",
        "The same --seed gives the same trace ids, so running it again replaces them instead of adding more."})
final class DemoCommand extends StorageCommand {
  @Option(names = "--traces", paramLabel = "N", defaultValue = "1000",
      description = "How many traces to store (default ${DEFAULT-VALUE}).")
  int traces;

  @Option(names = "--seed", paramLabel = "SEED", defaultValue = "42",
      description = "Generator seed (default ${DEFAULT-VALUE}).")
  long seed;

  private static final int BATCH = 500;

  @Override
  void validate() {
    if (traces < 1) {
      throw new CliUsageException("--traces must be at least 1, got " + traces);
    }
  }

  @Override
  int run(TraceStorage storage) {
    PrintWriter out = out();
    Instant now = context().clock().instant().truncatedTo(ChronoUnit.SECONDS);
    SyntheticTraces generator = new SyntheticTraces(seed, now, Duration.ofDays(7));
    ProgressBar bar = new ProgressBar(err(), context().stderrIsTerminal(), "storing", traces);
    long events = 0;
    long start = System.nanoTime();
    FlowTrace sample = null;
    FlowTrace firstStored = null;
    for (int stored = 0; stored < traces; ) {
      List<FlowTrace> batch = generator.next(Math.min(BATCH, traces - stored));
      storage.storeAll(batch);
      stored += batch.size();
      if (firstStored == null) {
        firstStored = batch.get(0);
      }
      for (FlowTrace t : batch) {
        events += t.events().size();
        if (sample == null && t.status().kind() == ExecutionStatus.Kind.FAILED) {
          sample = t;
        }
      }
      bar.update(stored, stored);
    }
    bar.finish();
    long storeNanos = System.nanoTime() - start;
    out.println("stored " + Formats.count(traces) + " demo traces (" + Formats.count(events) + " events) in "
        + Formats.seconds(storeNanos) + " s into " + where(storage));
    out.println();

    example(out, storage, "query --flow order_ingest_pipeline --limit 5",
        TraceQuery.builder().flowId("order_ingest_pipeline").limit(5).build());
    example(out, storage, "query --status failed --since 24h --limit 5",
        TraceQuery.builder().status(ExecutionStatus.Kind.FAILED).from(now.minus(Duration.ofHours(24))).limit(5).build());
    example(out, storage, "query --actor fraud --status completed --limit 5",
        TraceQuery.builder().actorFilter("fraud").status(ExecutionStatus.Kind.COMPLETED).limit(5).build());

    // A failed trace shows most; without one (few traces), any trace that was stored.
    FlowTrace target = sample != null ? sample : firstStored;
    long t0 = System.nanoTime();
    Optional<FlowTrace> got = storage.get(target.traceId());
    long getNanos = System.nanoTime() - t0;
    out.println("$ reflow-trace get " + target.traceId());
    if (got.isPresent()) {
      int size = TraceJson.writeBytes(got.get()).length;
      out.println("  " + got.get().flowId() + ", " + describe(got.get().status()) + ", "
          + got.get().events().size() + " events, " + Formats.count(size) + " bytes of Reflow JSON");
    } else {
      out.println("  (not found: another process deleted it?)");
    }
    out.println("  (" + Formats.millis(getNanos) + ")");
    out.println();

    t0 = System.nanoTime();
    StorageStats stats = storage.stats();
    long statsNanos = System.nanoTime() - t0;
    out.println("$ reflow-trace stats");
    out.println("  " + Formats.count(stats.totalTraces()) + " traces, " + Formats.count(stats.totalEvents())
        + " events, " + Formats.bytes(stats.storageSizeBytes()) + "  (" + Formats.millis(statsNanos) + ")");
    out.println();
    out.println("Try: reflow-trace query --help, reflow-trace get TRACE_ID, reflow-trace stats");
    return ExitStatus.OK;
  }

  private void example(PrintWriter out, TraceStorage storage, String command, TraceQuery query) {
    // Run twice: the first run pays for class loading and JIT compilation, the second is what a
    // long-running service would see. Both are shown.
    long t0 = System.nanoTime();
    storage.query(query);
    long firstNanos = System.nanoTime() - t0;
    t0 = System.nanoTime();
    List<FlowTrace> result = storage.query(query);
    long nanos = System.nanoTime() - t0;
    out.println("$ reflow-trace " + command);
    if (result.isEmpty()) {
      out.println("no traces match");
    } else {
      QueryCommand.table(result).print(out);
    }
    out.println("(" + Formats.count(result.size()) + (result.size() == 1 ? " trace" : " traces") + " in "
        + Formats.millis(nanos) + "; first run " + Formats.millis(firstNanos) + ")");
    out.println();
  }

  private static String describe(ExecutionStatus status) {
    return status instanceof ExecutionStatus.Failed f ? "Failed: " + f.error() : status.variantName();
  }

  private String where(TraceStorage storage) {
    StorageConfig config = root.config();
    String name = storage.backendName();
    if (name.equals("sqlite")) {
      return "sqlite (" + config.getString("storage.sqlite.database_path", "./reflow-traces.db") + ")";
    }
    return name;
  }
}
