package dev.reflow.trace.cli;

import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.storage.TraceStorage;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Prints one trace as compact Reflow JSON. The bytes are exactly the document, with no newline
 * added when stdout is not a terminal, so {@code get ID > t.json} reproduces an imported file.
 */
@Command(name = "get", mixinStandardHelpOptions = true,
    description = {"Prints a trace as compact Reflow JSON, byte for byte as Reflow writes it.",
        "A newline is added only when stdout is a terminal. Unknown id: exit status 1."})
final class GetCommand extends StorageCommand {
  @Parameters(paramLabel = "TRACE_ID", converter = TraceIdConverter.class, description = "The trace's UUID.")
  TraceId traceId;

  @Override
  boolean readOnly() {
    return true;
  }

  @Override
  int run(TraceStorage storage) throws Exception {
    // The stored bytes as they are: no decoding and re-encoding on the way out.
    Optional<byte[]> json = storage.getJson(traceId);
    if (json.isEmpty()) {
      err().println("reflow-trace get: no trace " + traceId + " in " + storage.backendName());
      return ExitStatus.FAILURE;
    }
    writeJsonBytes(json.get(), context().stdoutIsTerminal() ? "\n" : "");
    flushRaw();
    return ExitStatus.OK;
  }
}
