package dev.reflow.trace.cli;

import dev.reflow.trace.cli.internal.TimeArguments;
import dev.reflow.trace.model.ExecutionId;
import dev.reflow.trace.model.ExecutionStatus;
import dev.reflow.trace.storage.TraceQuery;
import java.time.Clock;
import java.time.Instant;
import picocli.CommandLine.Option;

/** The filter options {@code query}, {@code export} and {@code migrate} share (a picocli mixin). */
final class QueryFilters {
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

  /** A builder holding the filters, ages resolved against {@code clock}; throws {@link CliUsageException}. */
  TraceQuery.Builder builder(Clock clock) {
    TraceQuery.Builder b = TraceQuery.builder().flowId(flow).status(status).actorFilter(actor);
    if (execution != null) {
      try {
        b.executionId(ExecutionId.parse(execution.trim()));
      } catch (IllegalArgumentException e) {
        throw new CliUsageException("Invalid value for option '--execution': " + e.getMessage());
      }
    }
    return b.from(time("--since", since, clock)).to(time("--until", until, clock));
  }

  /** The filters alone, unpaged. */
  TraceQuery query(Clock clock) {
    return build(builder(clock));
  }

  /** Builds, turning an invalid combination (an inverted range) into a usage error. */
  static TraceQuery build(TraceQuery.Builder b) {
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
}
