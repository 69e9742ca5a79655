package dev.reflow.trace.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reflow.trace.cli.internal.Formats;
import dev.reflow.trace.cli.internal.Table;
import dev.reflow.trace.model.Timestamp;
import dev.reflow.trace.storage.StorageStats;
import dev.reflow.trace.storage.TraceStorage;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Counts and sizes of the store. */
@Command(name = "stats", mixinStandardHelpOptions = true,
    description = "Prints counts and sizes of the store: a table, or one JSON object with --json.")
final class StatsCommand extends StorageCommand {
  @Option(names = "--json", description = "Print one JSON object (snake_case keys, as Reflow's StorageStats fields).")
  boolean json;

  @Override
  boolean readOnly() {
    return true;
  }

  @Override
  int run(TraceStorage storage) throws Exception {
    StorageStats s = storage.stats();
    if (json) {
      out().println(new ObjectMapper().writeValueAsString(asMap(storage.backendName(), s)));
      return ExitStatus.OK;
    }
    Table table = Table.withoutHeaders(2)
        .row("backend", storage.backendName())
        .row("traces", Formats.count(s.totalTraces()))
        .row("events", Formats.count(s.totalEvents()))
        .row("storage size", Formats.bytes(s.storageSizeBytes()) + " (" + Formats.count(s.storageSizeBytes()) + " bytes)")
        .row("oldest trace", time(s.oldestTraceTimestamp(), "-"))
        .row("newest trace", time(s.newestTraceTimestamp(), "-"));
    s.details().forEach(table::row);
    table.print(out());
    return ExitStatus.OK;
  }

  /**
   * Reflow's {@code StorageStats} has no wire form; this one uses its field names, plus the
   * backend and its details.
   */
  static Map<String, Object> asMap(String backend, StorageStats s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("backend", backend);
    m.put("total_traces", s.totalTraces());
    m.put("total_events", s.totalEvents());
    m.put("storage_size_bytes", s.storageSizeBytes());
    m.put("oldest_trace_timestamp", time(s.oldestTraceTimestamp(), null));
    m.put("newest_trace_timestamp", time(s.newestTraceTimestamp(), null));
    m.put("details", s.details());
    return m;
  }

  private static String time(Instant instant, String absent) {
    return instant == null ? absent : Timestamp.of(instant).toString();
  }
}
