package dev.reflow.trace.cli;

import dev.reflow.trace.cli.internal.Formats;
import dev.reflow.trace.cli.internal.ProgressBar;
import dev.reflow.trace.storage.StoredTrace;
import dev.reflow.trace.storage.TraceQuery;
import dev.reflow.trace.storage.TraceStorage;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Writes the matching traces as NDJSON, each line the bytes {@code get} prints, streamed from the
 * store: memory does not grow with the number of traces, and no trace is parsed on the way.
 */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Writes every matching trace as NDJSON: one trace per line, byte for byte what 'get' prints,",
        "newest first. Streams, so any number of traces fits in a small heap. Ends with a summary on stderr."})
final class ExportCommand extends StorageCommand {
  /** The output formats; OTLP JSON arrives with the OTLP exporter. */
  enum Format { NDJSON }

  @Mixin
  QueryFilters filters = new QueryFilters();

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Write to FILE (replaced only when the export completes; '-' or absent: stdout).")
  String output;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "ndjson",
      description = "ndjson (default): Reflow JSON, one trace per line.")
  Format format;

  private TraceQuery query;

  @Override
  void validate() {
    query = filters.query(context().clock());
    if (output != null && !output.equals("-")) {
      Path parent = Path.of(output).toAbsolutePath().getParent();
      if (parent != null && !Files.isDirectory(parent)) {
        throw new CliUsageException("Invalid value for option '--output': directory " + parent + " does not exist");
      }
      if (Files.isDirectory(Path.of(output))) {
        throw new CliUsageException("Invalid value for option '--output': " + output + " is a directory");
      }
    }
  }

  /** Only reads the configured store (the source): a SQLite file is opened read-only. */
  @Override
  boolean readOnly() {
    return true;
  }

  @Override
  int run(TraceStorage storage) throws IOException {
    long start = System.nanoTime();
    boolean toFile = output != null && !output.equals("-");
    boolean progress = context().stderrIsTerminal();
    // The total only feeds the bar: counting costs a scan, not worth it when nobody watches.
    ProgressBar bar = new ProgressBar(err(), progress, "exporting", progress ? storage.count(query) : 0);
    Path target = toFile ? Path.of(output) : null;
    // A file is written beside its target and moved over it at the end, so a failed or
    // interrupted export never leaves a truncated file where a complete one is expected.
    Path partial = toFile ? target.resolveSibling(target.getFileName() + ".partial") : null;
    long traces = 0;
    long bytes = 0;
    boolean done = false;
    OutputStream sink = toFile ? Files.newOutputStream(partial) : new FilterOutputStream(context().stdout()) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        flush(); // stdout stays open for the summary and the caller
      }
    };
    try (OutputStream out = new BufferedOutputStream(sink, 1 << 16);
        Stream<StoredTrace> stream = storage.streamJson(query)) {
      Iterator<StoredTrace> it = stream.iterator();
      while (it.hasNext()) {
        byte[] json = it.next().json();
        out.write(json);
        out.write('\n');
        traces++;
        bytes += json.length + 1;
        bar.update(traces, traces);
      }
      done = true;
    } finally {
      bar.finish();
      if (toFile && !done) {
        Files.deleteIfExists(partial);
      }
    }
    if (toFile) {
      Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
    err().println("exported " + Formats.count(traces) + (traces == 1 ? " trace" : " traces") + " ("
        + Formats.count(bytes) + " bytes) in " + Formats.seconds(System.nanoTime() - start) + " s");
    return ExitStatus.OK;
  }
}
