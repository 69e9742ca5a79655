package dev.reflow.trace.cli;

import dev.reflow.trace.cli.internal.Formats;
import dev.reflow.trace.cli.internal.Table;
import dev.reflow.trace.cli.internal.TimeArguments;
import dev.reflow.trace.model.ExecutionId;
import dev.reflow.trace.model.ExecutionStatus;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.storage.TraceQuery;
import dev.reflow.trace.storage.TraceStorage;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs a {@link TraceQuery} and prints a table, or NDJSON of the full traces. */
@Command(name = "query", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Finds traces: newest first (start time descending, then trace id).",
        "Filters AND together. Prints a table, or with --json one full trace per line (NDJSON)."})
final class QueryCommand extends StorageCommand {
  /** Without --limit or --all, at most this many traces. */
  static final int DEFAULT_LIMIT = 100;

  @Option(names = "--flow", paramLabel = "F", description = "Flow id, exact match.")
  String flow;

  @Option(names = "--execution", paramLabel = "E", description = "Execution id (UUID).")
  String execution;

  @Option(names = "--status", paramLabel = "S", converter = StatusConverter.class,
      completionCandidates = StatusConverter.Names.class,
      description = "pending, running, completed, failed or cancelled (any case).")
  ExecutionStatus.Kind status;

  @Option(names = "--actor", paramLabel = "A", description = "Some event's actor id contains A (case-sensitive).")
  String actor;

  @Option(names = "--since", paramLabel = "T",
      description = "Started at or after T: RFC 3339 (2026-03-14T09:00:00Z) or an age (90s, 15m, 2h, 7d).")
  String since;

  @Option(names = "--until", paramLabel = "T", description = "Started at or before T; same forms as --since.")
  String until;

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
    TraceQuery.Builder b = TraceQuery.builder()
        .flowId(flow)
        .status(status)
        .actorFilter(actor)
        .limit(all ? null : limit == null ? DEFAULT_LIMIT : limit)
        .offset(offset);
    if (execution != null) {
      try {
        b.executionId(ExecutionId.parse(execution.trim()));
      } catch (IllegalArgumentException e) {
        throw new CliUsageException("Invalid value for option '--execution': " + e.getMessage());
      }
    }
    b.from(time("--since", since, clock)).to(time("--until", until, clock));
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new CliUsageException(e.getMessage());
    }
  }

  private static Instant time(String option, String text, Clock clock) {
    if (text == null) {
      return null;
    }
    try {
      return TimeArguments.instant(text, clock);
    } catch (IllegalArgumentException e) {
      throw new CliUsageException("Invalid value for option '" + option + "': " + e.getMessage());
    }
  }

  @Override
  boolean readOnly() {
    return true;
  }

  @Override
  int run(TraceStorage storage) throws Exception {
    List<FlowTrace> traces = storage.query(query);
    if (json) {
      for (FlowTrace t : traces) {
        writeJson(t, "\n");
      }
      flushRaw();
      if (limitReached(traces.size())) {
        // stdout is data; the note goes to stderr, so a pipe still gets clean NDJSON.
        err().println("reflow-trace query: stopped at the limit of " + Formats.count(query.limit())
            + (query.limit() == 1 ? " trace" : " traces") + LIMIT_HINT);
      }
      return ExitStatus.OK;
    }
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
