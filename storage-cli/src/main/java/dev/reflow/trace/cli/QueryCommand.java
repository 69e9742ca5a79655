package dev.reflow.trace.cli;

import dev.reflow.trace.cli.internal.Formats;
import dev.reflow.trace.cli.internal.Table;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.storage.StoredTrace;
import dev.reflow.trace.storage.TraceQuery;
import dev.reflow.trace.storage.TraceStorage;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Runs a {@link TraceQuery} and prints a table, or NDJSON of the full traces. */
@Command(name = "query", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Finds traces: newest first (start time descending, then trace id).",
        "Filters AND together. Prints a table, or with --json one full trace per line (NDJSON)."})
final class QueryCommand extends StorageCommand {
  /** Without --limit or --all, at most this many traces. */
  static final int DEFAULT_LIMIT = 100;

  @Mixin
  QueryFilters filters = new QueryFilters();

  @Option(names = "--limit", paramLabel = "N",
      description = "At most N traces (default " + DEFAULT_LIMIT + ").")
  Integer limit;

  @Option(names = "--all", description = "No limit.")
  boolean all;

  @Option(names = "--offset", paramLabel = "N", description = "Skip the first N matches.")
  Integer offset;

  @Option(names = "--json", description = "Print NDJSON: each trace's compact Reflow JSON on its own line.")
  boolean json;

  private TraceQuery query;

  @Override
  void validate() {
    query = buildQuery(context().clock());
  }

  TraceQuery buildQuery(Clock clock) {
    if (all && limit != null) {
      throw new CliUsageException("--all and --limit exclude each other");
    }
    return QueryFilters.build(filters.builder(clock)
        .limit(all ? null : limit == null ? DEFAULT_LIMIT : limit)
        .offset(offset));
  }

  @Override
  boolean readOnly() {
    return true;
  }

  @Override
  int run(TraceStorage storage) throws Exception {
    if (json) {
      // Streamed: each trace's stored bytes go out as they are read, whatever the number of matches.
      int written = 0;
      try (Stream<StoredTrace> traces = storage.streamJson(query)) {
        Iterator<StoredTrace> it = traces.iterator();
        while (it.hasNext()) {
          writeJsonBytes(it.next().json(), "\n");
          written++;
        }
      }
      flushRaw();
      if (limitReached(written)) {
        // stdout is data; the note goes to stderr, so a pipe still gets clean NDJSON.
        err().println("reflow-trace query: stopped at the limit of " + Formats.count(query.limit())
            + (query.limit() == 1 ? " trace" : " traces") + LIMIT_HINT);
      }
      return ExitStatus.OK;
    }
    List<FlowTrace> traces = storage.query(query);
    PrintWriter out = out();
    if (traces.isEmpty()) {
      out.println("no traces match");
      return ExitStatus.OK;
    }
    table(traces).print(out);
    String more = limitReached(traces.size()) ? " (limit reached" + LIMIT_HINT + ")" : "";
    out.println(Formats.count(traces.size()) + (traces.size() == 1 ? " trace" : " traces") + more);
    return ExitStatus.OK;
  }

  private static final String LIMIT_HINT = ": --limit, --offset or --all for more";

  private boolean limitReached(int returned) {
    return query.limit() != null && returned == query.limit();
  }

  /** The readable form: id, flow, status, start (UTC), wall time, event count. */
  static Table table(List<FlowTrace> traces) {
    Table table = Table.withHeaders("TRACE ID", "FLOW", "STATUS", "START (UTC)", "DURATION", "EVENTS")
        .alignRight(4).alignRight(5);
    for (FlowTrace t : traces) {
      table.row(t.traceId(), t.flowId(), t.status().variantName(), Formats.start(t.startTime()),
          Formats.duration(t), t.events().size());
    }
    return table;
  }
}
