package dev.reflow.trace.cli;

import dev.reflow.trace.cli.internal.Formats;
import dev.reflow.trace.cli.internal.ParallelWrites;
import dev.reflow.trace.cli.internal.ProgressBar;
import dev.reflow.trace.cli.internal.ReadAhead;
import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.StorageConfigLoader;
import dev.reflow.trace.storage.StoredTrace;
import dev.reflow.trace.storage.TracePosition;
import dev.reflow.trace.storage.TraceQuery;
import dev.reflow.trace.storage.TraceStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Copies the matching traces from the configured store to another one, streaming, in batches
 * through {@code storeAllJson}: the stored JSON passes from one store to the other without being
 * parsed (and a zstd document without being compressed again, where both keep zstd), the source
 * is read one batch ahead on another thread, and two batches are written at a time where the heap
 * allows ({@link ParallelWrites}).
 * A trace is skipped where the destination already holds the same bytes, so a rerun, or a run
 * after an interrupted one, copies only what is missing or different.
 */
@Command(name = "migrate", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Copies traces from the configured store (the source) to another store (the destination),",
        "any two backends, streaming in batches. Traces the destination already holds with identical bytes",
        "are not written again, so a rerun finishes fast and an interrupted run resumes where it stopped.",
        "Then verifies: by default a SHA-256 of every trace's JSON on both sides."})
final class MigrateCommand extends StorageCommand {
  /** How the copy is checked afterwards. */
  enum Verify { CHECKSUM, COUNT, NONE }

  /** Mismatched ids listed when verification fails. */
  static final int SHOWN_MISMATCHES = 10;

  @Option(names = "--to", paramLabel = "KEY=VALUE", hideParamSyntax = true,
      description = "A destination setting, e.g. --to storage.backend=postgres "
          + "--to storage.postgres.connection_url=postgres://… Repeatable; overrides --to-config.")
  Map<String, String> to = new LinkedHashMap<>();

  @Option(names = "--to-config", paramLabel = "FILE",
      description = "The destination's configuration file: Reflow TOML ([storage] section) or .properties.")
  Path toConfig;

  @Mixin
  QueryFilters filters = new QueryFilters();

  @Option(names = "--batch", paramLabel = "N", defaultValue = "500",
      description = "Traces per write transaction (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--verify", paramLabel = "MODE", defaultValue = "checksum",
      description = "checksum (default): SHA-256 of each trace's JSON on both sides; count: the number of "
          + "matching traces on both sides; none.")
  Verify verify;

  private TraceQuery query;
  private StorageConfig destination;

  @Override
  void validate() {
    query = filters.query(context().clock());
    if (batch < 1) {
      throw new CliUsageException("Invalid value for option '--batch': must be at least 1, got " + batch);
    }
    if (to.isEmpty() && toConfig == null) {
      throw new CliUsageException("migrate needs a destination: --to storage.backend=NAME --to KEY=VALUE… or --to-config FILE");
    }
    for (String key : to.keySet()) {
      if (!key.trim().toLowerCase(Locale.ROOT).startsWith(StorageConfig.PREFIX)) {
        throw new CliUsageException("Unknown destination key --to " + key
            + ": keys start with storage., e.g. --to storage.backend=postgres");
      }
    }
    if (toConfig != null && !Files.isRegularFile(toConfig)) {
      throw new CliUsageException("Invalid value for option '--to-config': no file " + toConfig);
    }
    StorageConfigLoader.Builder loader = StorageConfigLoader.builder();
    if (toConfig != null) {
      loader.file(toConfig);
    }
    // Only what is given for the destination: the environment and -D describe the source.
    destination = loader.build().overriddenBy(StorageConfig.fromMap(to));
    if (destination.get(StorageConfig.BACKEND).isEmpty()) {
      throw new CliUsageException("The destination names no backend: add --to storage.backend=NAME"
          + (toConfig != null ? " or set backend in the [storage] section of " + toConfig : ""));
    }
    if (destination.equals(root.config())) {
      throw new CliUsageException("The destination is the configured store itself: nothing to migrate");
    }
  }

  /** Only reads the configured store (the source): a SQLite file is opened read-only. */
  @Override
  boolean readOnly() {
    return true;
  }

  @Override
  int run(TraceStorage source) throws Exception {
    if (root.verbose()) {
      err().println("destination: " + destination);
    }
    try (TraceStorage target = context().opener().open(destination)) {
      Copied copied = copy(source, target);
      out().println("migrated " + Formats.count(copied.traces) + (copied.traces == 1 ? " trace" : " traces")
          + " to " + target.backendName() + ": " + Formats.count(copied.written) + " written, "
          + Formats.count(copied.traces - copied.written) + " already there, in "
          + Formats.seconds(copied.nanos) + " s (" + Formats.count(rate(copied.traces, copied.nanos)) + " traces/s)");
      out().flush();
      return switch (verify) {
        case NONE -> ExitStatus.OK;
        case COUNT -> verifyCount(source, target);
        case CHECKSUM -> verifyChecksums(source, target);
      };
    }
  }

  private record Copied(long traces, long written, long nanos) {}

  private Copied copy(TraceStorage source, TraceStorage target) throws InterruptedException {
    long start = System.nanoTime();
    boolean progress = context().stderrIsTerminal();
    ProgressBar bar = new ProgressBar(err(), progress, "migrating", progress ? source.count(query) : 0);
    long traces = 0;
    long written = 0;
    TracePosition previous = query.after();
    try (ReadAhead batches = new ReadAhead(source, query, batch);
        ParallelWrites writes = new ParallelWrites(ParallelWrites.defaultBudget())) {
      while (true) {
        writes.awaitRoom();
        List<StoredTrace> next = batches.next();
        if (next == null) {
          break;
        }
        TracePosition after = previous;
        writes.submit(() -> writeMissing(target, next, after), bytes(next));
        traces += next.size();
        previous = next.get(next.size() - 1).position();
        bar.update(traces, traces);
      }
      written = writes.finish();
    } finally {
      bar.finish();
    }
    return new Copied(traces, written, System.nanoTime() - start);
  }

  /** What a batch holds in memory: its JSON and the zstd frames kept beside it. */
  private static long bytes(List<StoredTrace> batchTraces) {
    long bytes = 0;
    for (StoredTrace t : batchTraces) {
      bytes += t.json().length + t.zstdFrame().map(f -> f.length).orElse(0);
    }
    return bytes;
  }

  /**
   * Stores, in one {@code storeAllJson}, the traces of the batch the destination does not hold
   * with the same bytes; returns how many. The destination is read over the batch's stretch of the
   * order only: after the previous batch's last trace, down to this batch's last start time. The
   * bytes are compared as they are, never parsed; a destination without any of them (a first run)
   * costs one empty read.
   */
  private int writeMissing(TraceStorage target, List<StoredTrace> batchTraces, TracePosition previous) {
    Map<TraceId, StoredTrace> wanted = new HashMap<>();
    for (StoredTrace t : batchTraces) {
      wanted.put(t.traceId(), t);
    }
    TracePosition last = batchTraces.get(batchTraces.size() - 1).position();
    TraceQuery.Builder stretch = query.toBuilder().limit(null).offset(null).after(previous);
    if (query.fromMicros() == null || query.fromMicros() < last.startTimeMicros()) {
      stretch.from(last.startTime().toInstant());
    }
    try (Stream<StoredTrace> there = target.streamJson(stretch.build())) {
      Iterator<StoredTrace> it = there.iterator();
      while (it.hasNext()) {
        StoredTrace t = it.next();
        if (last.isBefore(t.position())) {
          break;
        }
        StoredTrace mine = wanted.get(t.traceId());
        if (mine != null && Arrays.equals(mine.json(), t.json())) {
          wanted.remove(t.traceId());
        }
      }
    }
    if (wanted.isEmpty()) {
      return 0;
    }
    List<StoredTrace> missing = new ArrayList<>(wanted.size());
    for (StoredTrace t : batchTraces) {
      if (wanted.containsKey(t.traceId())) {
        missing.add(t);
      }
    }
    target.storeAllJson(missing);
    return missing.size();
  }

  private int verifyCount(TraceStorage source, TraceStorage target) {
    long expected = source.count(query);
    long actual = target.count(query);
    if (expected != actual) {
      err().println("verification failed: the source holds " + Formats.count(expected)
          + " matching traces, the destination " + Formats.count(actual));
      return ExitStatus.FAILURE;
    }
    out().println("verified " + Formats.count(expected) + (expected == 1 ? " trace" : " traces") + " (count)");
    return ExitStatus.OK;
  }

  /**
   * Walks both stores in the query order side by side: every source trace must be in the
   * destination at the same place with the same SHA-256. Traces only the destination holds are
   * not the source's, and are left alone.
   */
  private int verifyChecksums(TraceStorage source, TraceStorage target) {
    long start = System.nanoTime();
    boolean progress = context().stderrIsTerminal();
    ProgressBar bar = new ProgressBar(err(), progress, "verifying", 0);
    long checked = 0;
    long mismatches = 0;
    List<String> shown = new ArrayList<>();
    TraceQuery all = query.toBuilder().limit(null).offset(null).build();
    try (Stream<StoredTrace> a = source.streamJson(all); Stream<StoredTrace> b = target.streamJson(all)) {
      Iterator<StoredTrace> left = a.iterator();
      Iterator<StoredTrace> right = b.iterator();
      StoredTrace other = right.hasNext() ? right.next() : null;
      while (left.hasNext()) {
        StoredTrace t = left.next();
        while (other != null && other.position().isBefore(t.position())) {
          other = right.hasNext() ? right.next() : null;
        }
        String problem = null;
        if (other == null || !other.position().equals(t.position())) {
          problem = "missing";
        } else if (!Arrays.equals(sha256(t.json()), sha256(other.json()))) {
          problem = "differs";
        }
        if (problem != null) {
          mismatches++;
          if (shown.size() < SHOWN_MISMATCHES) {
            shown.add(t.traceId() + " (" + problem + ")");
          }
        }
        checked++;
        bar.update(checked, checked);
      }
    } finally {
      bar.finish();
    }
    if (mismatches > 0) {
      err().println("verification failed: " + Formats.count(mismatches) + " of " + Formats.count(checked)
          + " traces are missing or differ in the destination; first: " + String.join(", ", shown));
      return ExitStatus.FAILURE;
    }
    out().println("verified " + Formats.count(checked) + (checked == 1 ? " trace" : " traces")
        + " (SHA-256 of each trace's JSON) in " + Formats.seconds(System.nanoTime() - start) + " s");
    return ExitStatus.OK;
  }

  private static long rate(long traces, long nanos) {
    return nanos <= 0 ? 0 : Math.round(traces / (nanos / 1e9));
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }
}
