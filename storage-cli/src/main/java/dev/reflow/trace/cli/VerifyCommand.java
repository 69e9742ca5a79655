package dev.reflow.trace.cli;

import dev.reflow.trace.checksum.IntegrityReport;
import dev.reflow.trace.checksum.TraceIntegrity;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.storage.TraceStorage;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Recomputes the checksums of a stored trace's captured snapshots and prints the report. */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Checks that each captured message snapshot of a stored trace still matches its checksum.",
        "Prints the integrity report. Exit status 1 on a mismatch, invalid content or an unknown id."})
final class VerifyCommand extends StorageCommand {
  @Parameters(paramLabel = "TRACE_ID", converter = TraceIdConverter.class, description = "The trace's UUID.")
  TraceId traceId;

  @Override
  boolean readOnly() {
    return true;
  }

  @Override
  int run(TraceStorage storage) {
    Optional<FlowTrace> trace = storage.get(traceId);
    if (trace.isEmpty()) {
      err().println("reflow-trace verify: no trace " + traceId + " in " + storage.backendName());
      return ExitStatus.FAILURE;
    }
    IntegrityReport report = TraceIntegrity.verify(trace.get());
    out().println(report.summary());
    return report.isValid() ? ExitStatus.OK : ExitStatus.FAILURE;
  }
}
