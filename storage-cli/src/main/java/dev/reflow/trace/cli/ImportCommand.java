package dev.reflow.trace.cli;

import dev.reflow.trace.cli.internal.Formats;
import dev.reflow.trace.cli.internal.ProgressBar;
import dev.reflow.trace.json.TraceFormatException;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.storage.StorageConnectionException;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.TraceStorageException;
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

  /** An input whose first this many items are all errors is not trace JSON; reading it stops. */
  static final int NOT_JSON_AFTER = 5;

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
      InputFiles.requireReadable(input);
      try {
        totalBytes += Files.size(Path.of(input));
      } catch (IOException e) {
        throw new CliUsageException(InputFiles.describe(input, e), e);
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
      InputStream opened;
      try {
        opened = stdin ? context().stdin() : Files.newInputStream(Path.of(input));
      } catch (IOException e) {
        throw new TraceInputException(InputFiles.describe(input, e) + " (" + Formats.count(batch.traces)
            + (batch.traces == 1 ? " trace was" : " traces were") + " stored before this failure)", e);
      }
      CountingInputStream counting = new CountingInputStream(opened);
      try (TraceInput traces = TraceInput.open(stdin ? nonClosing(counting) : counting, source)) {
        TraceInput.Item item;
        long tracesRead = 0;
        int errorsInARow = 0;
        while (true) {
          try {
            item = traces.next();
          } catch (IOException e) {
            bar.finish();
            err().println(source + ": read failed: " + InputFiles.describe(e));
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
            if (tracesRead == 0 && ++errorsInARow >= NOT_JSON_AFTER) {
              // A binary or plain-text file gives one error per line: say it once and move on.
              err().println(source + ": not JSON (" + NOT_JSON_AFTER + " errors and no trace so far), stopping");
              break;
            }
          } else {
            tracesRead++;
            batch.add(item.trace(), source, item.line());
          }
          bar.update(bytesBefore + counting.count, batch.traces + batch.pending.size());
        }
      }
      bytesBefore += counting.count;
    }
    batch.flush();
    bar.finish();
    if (failed > 0) {
      err().println("skipped " + Formats.count(failed) + (failed == 1 ? " malformed trace" : " malformed traces"));
    }
    if (batch.rejected > 0) {
      err().println("skipped " + Formats.count(batch.rejected) + (batch.rejected == 1 ? " trace" : " traces")
          + " the store rejected");
    }
    err().flush();
    // The summary is the last line, also on a terminal where stdout and stderr interleave.
    out().println("imported " + Formats.count(batch.traces) + (batch.traces == 1 ? " trace" : " traces")
        + " (" + Formats.count(batch.events) + (batch.events == 1 ? " event" : " events") + ") in "
        + Formats.seconds(System.nanoTime() - startNanos) + " s");
    if (storage.backendName().equals(MEMORY) && batch.traces > 0) {
      err().println("reflow-trace import: the memory backend keeps traces only while this process runs: the "
          + Formats.count(batch.traces) + (batch.traces == 1 ? " trace is" : " traces are")
          + " gone when it exits. Set storage.backend to sqlite, postgres, timescale or mongodb to keep them.");
    }
    return failed > 0 || batch.rejected > 0 ? ExitStatus.FAILURE : ExitStatus.OK;
  }

  /** An input that could not be opened after others were stored. */
  static final class TraceInputException extends java.io.UncheckedIOException {
    TraceInputException(String message, IOException cause) {
      super(message, cause);
    }
  }

  /** The backend whose traces live in this process only. */
  private static final String MEMORY = "memory";

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

  /**
   * Collects traces and stores each full batch in one transaction. When the store rejects a batch
   * (not the connection: that ends the import), each of its traces is stored on its own, so that
   * the one it rejects is reported as {@code FILE:LINE: reason} and skipped and the others are
   * stored. When {@link #MAX_CONSECUTIVE_REJECTED} traces in a row are rejected, the fault is not
   * in the traces (a full disk, a read-only database): the import stops.
   */
  private final class Batch {
    static final int MAX_CONSECUTIVE_REJECTED = 10;

    final TraceStorage storage;
    final int size;
    final List<Pending> pending = new ArrayList<>();
    long traces;
    long events;
    long rejected;
    int consecutiveRejected;

    Batch(TraceStorage storage, int size) {
      this.storage = storage;
      this.size = size;
    }

    void add(FlowTrace trace, String source, long line) {
      pending.add(new Pending(trace, source, line));
      if (pending.size() >= size) {
        flush();
      }
    }

    void flush() {
      if (pending.isEmpty()) {
        return;
      }
      try {
        storage.storeAll(pending.stream().map(Pending::trace).toList());
        pending.forEach(this::stored);
      } catch (TraceWriteException e) {
        if (pending.size() == 1) {
          rejected(pending.get(0), e);
        } else {
          for (Pending p : pending) {
            try {
              storage.store(p.trace());
              stored(p);
            } catch (TraceWriteException single) {
              rejected(p, single);
            } catch (TraceStorageException other) {
              throw stoppedBy(other);
            }
          }
        }
      } catch (TraceStorageException e) {
        throw stoppedBy(e);
      } finally {
        pending.clear();
      }
    }

    private void stored(Pending p) {
      traces++;
      events += p.trace().events().size();
      consecutiveRejected = 0;
    }

    private void rejected(Pending p, TraceWriteException e) {
      rejected++;
      consecutiveRejected++;
      err().println(p.source() + (p.line() > 0 ? ":" + p.line() : "") + ": " + ExitStatus.oneLine(e));
      if (consecutiveRejected >= MAX_CONSECUTIVE_REJECTED) {
        throw stoppedBy(new TraceWriteException("the last " + MAX_CONSECUTIVE_REJECTED
            + " traces were all rejected, stopping: " + ExitStatus.oneLine(e), e));
      }
    }

    /** The import's end: the cause's message, then how many traces are safely stored. */
    private TraceStorageException stoppedBy(TraceStorageException e) {
      String message = ExitStatus.oneLine(e) + " (" + Formats.count(traces) + (traces == 1 ? " trace was" : " traces were")
          + " stored before this failure)";
      return e instanceof StorageConnectionException
          ? new StorageConnectionException(message, e) : new TraceWriteException(message, e);
    }
  }

  /** A trace read but not yet stored, with where it came from. */
  private record Pending(FlowTrace trace, String source, long line) {}

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
