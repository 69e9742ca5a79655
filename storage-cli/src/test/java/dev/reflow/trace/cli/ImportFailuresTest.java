package dev.reflow.trace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflow.trace.json.TraceJson;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.storage.TraceQuery;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code import} when the store rejects traces, and on the memory backend. */
class ImportFailuresTest {
  @TempDir
  Path dir;

  private Path ndjson(List<FlowTrace> traces) throws Exception {
    Path p = dir.resolve("traces.ndjson");
    Files.writeString(p, traces.stream().map(TraceJson::write).collect(Collectors.joining("\n", "", "\n")),
        StandardCharsets.UTF_8);
    return p;
  }

  @Test
  @DisplayName("a trace the store rejects is reported as FILE:LINE: reason and skipped; the rest of its batch is stored")
  void rejectedTrace_reportedAndSkipped() throws Exception {
    List<FlowTrace> traces = new ArrayList<>(Traces.some(7));
    traces.set(4, Traces.withFlow(traces.get(4), "poison"));
    Path file = ndjson(traces);
    KeptMemoryStorage storage = new KeptMemoryStorage().rejecting("poison");
    Cli.Result r = storage.cli().run("import", "--batch-size", "3", file.toString());
    assertThat(r.status()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).contains(file + ":5: kept-memory: store trace " + traces.get(4).traceId() + " failed")
        .contains("skipped 1 trace the store rejected");
    assertThat(r.out()).startsWith("imported 6 traces");
    assertThat(storage.memory.query(TraceQuery.all())).hasSize(6).doesNotContain(traces.get(4));
  }

  @Test
  @DisplayName("when every trace is rejected (a full disk, say) the import stops after a few, saying how many were stored")
  void everyTraceRejected_stops() throws Exception {
    List<FlowTrace> traces = new ArrayList<>();
    List<FlowTrace> some = Traces.some(40);
    for (int i = 0; i < some.size(); i++) {
      traces.add(i < 3 ? some.get(i) : Traces.withFlow(some.get(i), "poison"));
    }
    KeptMemoryStorage storage = new KeptMemoryStorage().rejecting("poison");
    Path file = ndjson(traces);
    Cli.Result r = storage.cli().run("import", "--batch-size", "1", file.toString());
    assertThat(r.status()).as(r.toString()).isEqualTo(1);
    assertThat(r.err().lines().filter(l -> l.startsWith(file + ":"))).hasSize(10);
    assertThat(r.err()).contains("the last 10 traces were all rejected, stopping")
        .contains("(3 traces were stored before this failure)");
  }

  @Test
  @DisplayName("import into the memory backend says the traces are gone when the process exits")
  void memoryBackend_warnsTracesAreLost() throws Exception {
    Path file = ndjson(Traces.some(2));
    Cli.Result r = Cli.real().run("-D", "storage.backend=memory", "import", file.toString());
    assertThat(r.status()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("imported 2 traces");
    assertThat(r.err()).contains("the memory backend keeps traces only while this process runs: the 2 traces are gone when it exits");
  }

  @Test
  @DisplayName("a binary file stops after a few errors with 'not JSON, stopping'; the next input is still imported")
  void binaryInput_stopsEarly() throws Exception {
    byte[] binary = new byte[4096];
    new java.util.Random(1).nextBytes(binary);
    for (int i = 0; i < binary.length; i += 40) {
      binary[i] = '\n';
    }
    Path bin = dir.resolve("image.png");
    Files.write(bin, binary);
    Path good = ndjson(Traces.some(2));
    KeptMemoryStorage storage = new KeptMemoryStorage();
    Cli.Result r = storage.cli().run("import", bin.toString(), good.toString());
    assertThat(r.status()).as(r.toString()).isEqualTo(1);
    assertThat(r.err().lines().filter(l -> l.startsWith(bin + ":"))).hasSize(ImportCommand.NOT_JSON_AFTER + 1);
    assertThat(r.err()).contains(bin + ": not JSON (5 errors and no trace so far), stopping");
    assertThat(r.out()).startsWith("imported 2 traces");
  }

  @Test
  @DisplayName("a text file is not JSON either: a few errors, then it stops")
  void textInput_stopsEarly() throws Exception {
    Path text = dir.resolve("notes.txt");
    Files.writeString(text, "line\n".repeat(146));
    Cli.Result r = new KeptMemoryStorage().cli().run("import", text.toString());
    assertThat(r.status()).as(r.toString()).isEqualTo(1);
    assertThat(r.err().lines().count()).isLessThanOrEqualTo(ImportCommand.NOT_JSON_AFTER + 2);
  }

  @Test
  @DisplayName("import of a directory says it is a directory (exit 2), not 'no such file'")
  void directory_saysDirectory() {
    Cli.Result r = new KeptMemoryStorage().cli().run("import", dir.toString());
    assertThat(r.status()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("reflow-trace import: " + dir + ": is a directory, not a file\n");
    Cli.Result checksum = new KeptMemoryStorage().cli().run("checksum", dir.toString());
    assertThat(checksum.err()).isEqualTo("reflow-trace checksum: " + dir + ": is a directory, not a file\n");
  }

  @Test
  @DisplayName("file system failures are described in words, never by a Java class name")
  void fileSystemFailure_plainWords() {
    assertThat(ExitStatus.oneLine(new java.nio.file.AccessDeniedException("/data/traces.ndjson")))
        .isEqualTo("/data/traces.ndjson: permission denied");
    assertThat(ExitStatus.oneLine(new java.nio.file.NoSuchFileException("/data/x")))
        .isEqualTo("/data/x: no such file");
  }
}
