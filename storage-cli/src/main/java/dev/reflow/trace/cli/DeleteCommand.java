package dev.reflow.trace.cli;

import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.storage.TraceStorage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Deletes one trace; exit status 1 when there was none. */
@Command(name = "delete", mixinStandardHelpOptions = true,
    description = "Deletes a trace. Exit status 1 if there is no trace with that id.")
final class DeleteCommand extends StorageCommand {
  @Parameters(paramLabel = "TRACE_ID", converter = TraceIdConverter.class, description = "The trace's UUID.")
  TraceId traceId;

  @Override
  int run(TraceStorage storage) {
    if (storage.delete(traceId)) {
      out().println("deleted " + traceId);
      return ExitStatus.OK;
    }
    err().println("reflow-trace delete: no trace " + traceId + " in " + storage.backendName());
    return ExitStatus.FAILURE;
  }
}
