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
}
