package dev.reflow.trace.cli;

import dev.reflow.trace.cli.internal.Formats;
import dev.reflow.trace.cli.internal.TimeArguments;
import dev.reflow.trace.model.Timestamp;
import dev.reflow.trace.storage.TraceStorage;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Retention: deletes the traces that started before now minus an age. */
@Command(name = "prune", mixinStandardHelpOptions = true,
    description = "Deletes every trace that started more than AGE ago and prints how many.")
final class PruneCommand extends StorageCommand {
  @Option(names = "--older-than", paramLabel = "AGE", required = true,
      description = "An age such as 90s, 15m, 2h, 7d or 4w.")
  String olderThan;

  private Duration age;

  @Override
  void validate() {
    try {
      age = TimeArguments.age(olderThan);
    } catch (IllegalArgumentException e) {
      throw new CliUsageException("Invalid value for option '--older-than': " + e.getMessage());
    }
  }

  @Override
  int run(TraceStorage storage) {
    Instant cutoff = context().clock().instant().minus(age);
    long deleted = storage.deleteOlderThan(cutoff);
    out().println("deleted " + Formats.count(deleted) + (deleted == 1 ? " trace" : " traces")
        + " that started before " + Timestamp.of(cutoff) + " (older than " + olderThan.trim() + ")");
    return ExitStatus.OK;
  }
}
