package dev.reflow.trace.cli;

import dev.reflow.trace.json.TraceJson;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.storage.TraceStorage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** A subcommand that works on the configured storage, which it opens and always closes. */
abstract class StorageCommand implements Callable<Integer> {
  @ParentCommand
  ReflowTrace root;

  @Spec
  CommandSpec spec;

  @Override
  public final Integer call() throws Exception {
    validate();
    try (TraceStorage storage = root.openStorage(readOnly(), this::readsKey)) {
      return run(storage);
    }
  }

  /**
   * Checks arguments before the storage is opened, so a usage error never creates a database
   * file. Throws {@link CliUsageException}.
   */
  void validate() {}

  /** Whether the command only reads: then the storage is opened read-only where the backend can. */
  boolean readOnly() {
    return false;
  }

  /** Whether a {@code -D} key is this command's own rather than a storage key (none by default). */
  boolean readsKey(String key) {
    return false;
  }

  /** The command's work; returns the exit status. */
  abstract int run(TraceStorage storage) throws Exception;

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  CliContext context() {
    return root.context();
  }

  /**
   * Writes a trace's compact Reflow JSON as raw UTF-8 bytes (never through a character encoder,
   * so the output is byte-identical to what Reflow wrote), then {@code suffix}.
   */
  void writeJson(FlowTrace trace, String suffix) throws IOException {
    writeJsonBytes(TraceJson.writeBytes(trace), suffix);
  }

  /** Writes JSON bytes to stdout as they are, after whatever text was printed before. */
  void writeJsonBytes(byte[] json, String suffix) throws IOException {
    out().flush();
    OutputStream raw = context().stdout();
    raw.write(json);
    raw.write(suffix.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  void flushRaw() throws IOException {
    context().stdout().flush();
  }
}
