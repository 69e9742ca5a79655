package dev.reflow.trace.cli;

import dev.reflow.trace.checksum.CanonicalForm;
import dev.reflow.trace.checksum.CanonicalizationException;
import dev.reflow.trace.checksum.Checksums;
import dev.reflow.trace.json.TraceFormatException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Prints the canonical form of one JSON value and its content checksum. Needs no storage, so it
 * never opens one. The canonical form is written as raw UTF-8 bytes: those are the hashed bytes.
 */
@Command(name = "checksum", mixinStandardHelpOptions = true,
    description = {"Prints the canonical form of one JSON value, then its checksum (sha256:<hex>).",
        "By default the form Reflow hashes (MessageSnapshot.checksum); --jcs uses RFC 8785 instead.",
        "Invalid JSON: a message naming line and column, exit status 2."})
final class ChecksumCommand implements Callable<Integer> {
  @ParentCommand
  ReflowTrace root;

  @Spec
  CommandSpec spec;

  @Option(names = "--jcs", description = "RFC 8785 (JCS) canonical form instead of Reflow's serde_json form.")
  boolean jcs;

  @Parameters(paramLabel = "FILE", description = "A file holding one JSON value, or - for stdin.")
  String input;

  @Override
  public Integer call() throws IOException {
    String source = input.equals("-") ? "<stdin>" : input;
    byte[] json;
    if (input.equals("-")) {
      json = root.context().stdin().readAllBytes();
    } else {
      InputFiles.requireReadable(input);
      try {
        json = Files.readAllBytes(Path.of(input));
      } catch (IOException e) {
        throw new CliUsageException(InputFiles.describe(input, e), e);
      }
    }
    CanonicalForm form = jcs ? Checksums.jcs() : Checksums.reflow();
    byte[] canonical;
    try {
      canonical = form.canonicalize(json);
    } catch (TraceFormatException e) {
      spec.commandLine().getErr().println(spec.qualifiedName() + ": " + e.withSource(source).getMessage());
      return ExitStatus.USAGE;
    } catch (CanonicalizationException e) {
      spec.commandLine().getErr().println(spec.qualifiedName() + ": " + source + ": " + e.getMessage());
      return ExitStatus.USAGE;
    }
    spec.commandLine().getOut().flush();
    OutputStream raw = root.context().stdout();
    raw.write(canonical);
    raw.write('\n');
    raw.write((CanonicalForm.digest(canonical) + "\n").getBytes(StandardCharsets.US_ASCII));
    raw.flush();
    return ExitStatus.OK;
  }
}
