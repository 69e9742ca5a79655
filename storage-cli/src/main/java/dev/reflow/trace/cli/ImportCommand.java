package dev.reflow.trace.cli;

import dev.reflow.trace.cli.internal.Formats;
import dev.reflow.trace.cli.internal.ProgressBar;
import dev.reflow.trace.json.TraceFormatException;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.TraceWriteException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Imports traces from files or stdin in batches. A malformed trace is reported as
 * {@code FILE:LINE: reason} and skipped; the others are stored, and the exit status is 1.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = {"Imports Reflow traces. Each input holds one trace object, a JSON array of traces, "
        + "or NDJSON (one trace per line); - reads stdin.",
        "A malformed trace is reported as FILE:LINE: reason and skipped, the rest are stored; "
            + "exit status 1 if any was skipped."})
final class ImportCommand extends StorageCommand {
  @Parameters(paramLabel = "FILE", arity = "1..*", description = "Files to import, or - for stdin.")
  List<String> inputs;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "500",
      description = "Traces per storeAll transaction (default ${DEFAULT-VALUE}).")
  int batchSize;

  private long totalBytes;

  @Override
  void validate() {
    if (batchSize < 1) {
      throw new CliUsageException("--batch-size must be at least 1, got " + batchSize);
    }
    long stdinCount = inputs.stream().filter("-"::equals).count();
    if (stdinCount > 1) {
      throw new CliUsageException("- (stdin) can be given only once");
    }
    for (String input : inputs) {
      if (input.equals("-")) {
        continue;
      }
      Path p = Path.of(input);
      if (!Files.isRegularFile(p)) {
        throw new CliUsageException(input + ": no such file");
      }
      if (!Files.isReadable(p)) {
        throw new CliUsageException(input + ": not readable");
      }
      try {
        totalBytes += Files.size(p);
      } catch (IOException e) {
        throw new CliUsageException(input + ": " + e.getMessage(), e);
      }
    }
  }

  @Override
  int run(TraceStorage storage) throws IOException {
    long startNanos = System.nanoTime();
    boolean sizeKnown = !inputs.contains("-");
    ProgressBar bar = new ProgressBar(err(), context().stderrIsTerminal(), "importing", sizeKnown ? totalBytes : 0);
    Batch batch = new Batch(storage, batchSize);
    long failed = 0;
    long bytesBefore = 0;
    for (String input : inputs) {
      boolean stdin = input.equals("-");
      String source = stdin ? "<stdin>" : input;
      CountingInputStream counting = new CountingInputStream(stdin ? context().stdin() : Files.newInputStream(Path.of(input)));
      try (TraceInput traces = TraceInput.open(stdin ? nonClosing(counting) : counting, source)) {
        TraceInput.Item item;
        while (true) {
          try {
            item = traces.next();
          } catch (IOException e) {
            bar.finish();
            err().println(source + ": read failed: " + e.getMessage());
            failed++;
            break;
          }
          if (item == null) {
            break;
          }
          if (item.error() != null) {
            bar.finish();
            err().println(describe(source, item.error()));
            failed++;
          } else {
            batch.add(item.trace());
          }
          bar.update(bytesBefore + counting.count, batch.traces + batch.pending.size());
        }
      }
      bytesBefore += counting.count;
    }
    batch.flush();
    bar.finish();
    out().println("imported " + Formats.count(batch.traces) + (batch.traces == 1 ? " trace" : " traces")
        + " (" + Formats.count(batch.events) + (batch.events == 1 ? " event" : " events") + ") in "
        + Formats.seconds(System.nanoTime() - startNanos) + " s");
    if (failed > 0) {
      err().println("skipped " + Formats.count(failed) + (failed == 1 ? " malformed trace" : " malformed traces"));
      return ExitStatus.FAILURE;
    }
    return ExitStatus.OK;
  }

  /** {@code FILE:LINE: reason}, the reason naming the JSON path when there is one. */
  static String describe(String source, TraceFormatException e) {
    StringBuilder sb = new StringBuilder(source);
    if (e.line() > 0) {
      sb.append(':').append(e.line());
    }
    sb.append(": ");
    if (e.path() != null && !e.path().isEmpty() && !e.path().equals("$")) {
      sb.append(e.path()).append(": ");
    }
    sb.append(e.reason() != null ? e.reason() : e.getMessage());
    return sb.toString();
  }

  private static InputStream nonClosing(InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public void close() {}
    };
  }

  /** Collects traces and stores each full batch in one transaction. */
  private static final class Batch {
    final TraceStorage storage;
    final int size;
    final List<FlowTrace> pending = new ArrayList<>();
    long traces;
    long events;

    Batch(TraceStorage storage, int size) {
      this.storage = storage;
      this.size = size;
    }

    void add(FlowTrace trace) {
      pending.add(trace);
      if (pending.size() >= size) {
        flush();
      }
    }

    void flush() {
      if (pending.isEmpty()) {
        return;
      }
      try {
        storage.storeAll(pending);
      } catch (TraceWriteException e) {
        throw new TraceWriteException(e.getMessage() + " (" + Formats.count(traces)
            + " traces were stored before this batch of " + pending.size() + ")", e);
      }
      traces += pending.size();
      for (FlowTrace t : pending) {
        events += t.events().size();
      }
      pending.clear();
    }
  }

  /** Counts bytes read, for the progress bar. */
  private static final class CountingInputStream extends FilterInputStream {
    long count;

    CountingInputStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long s = super.skip(n);
      count += s;
      return s;
    }
  }
}
