package dev.reflow.trace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflow.trace.cli.demo.SyntheticTraces;
import dev.reflow.trace.json.TraceJson;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.TraceId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code import}: input shapes, batching, and {@code FILE:LINE: reason} for bad traces. */
class ImportCommandTest {
  @TempDir
  Path dir;

  private KeptMemoryStorage storage;
  private Cli cli;

  @BeforeEach
  void setUp() {
    storage = new KeptMemoryStorage();
    cli = storage.cli();
  }

  private Path write(String name, String content) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, content, StandardCharsets.UTF_8);
    return p;
  }

  private static String json(FlowTrace t) {
    return TraceJson.write(t);
  }

  @Test
  @DisplayName("single-object files: both fixtures stored, summary counts traces and events")
  void singleObjects() throws Exception {
    Path a = dir.resolve(Fixtures.COMPLETED);
    Path b = dir.resolve(Fixtures.MINIMAL);
    Files.write(a, Fixtures.bytes(Fixtures.COMPLETED));
    Files.write(b, Fixtures.bytes(Fixtures.MINIMAL));
    Cli.Result r = cli.run("import", a.toString(), b.toString());
    assertThat(r.status()).as(r.toString()).isZero();
    assertThat(r.out()).matches("imported 2 traces \\(6 events\\) in \\d+\\.\\d\\d s\n");
    assertThat(r.err()).isEmpty();
    assertThat(storage.traces().keySet()).containsExactlyInAnyOrder(
        TraceId.parse("36404882-85bd-4206-817e-b217fb4f7500"), TraceId.parse("f7e619b9-3d9b-425f-8b88-dd19e7410588"));
  }

  @Test
  @DisplayName("a JSON array is stored in batches of --batch-size through storeAll")
  void array_batches() throws Exception {
    List<FlowTrace> traces = new SyntheticTraces(3).next(5);
    Path f = write("traces.json", "[\n" + traces.stream().map(ImportCommandTest::json).collect(Collectors.joining(",\n")) + "\n]\n");
    Cli.Result r = cli.run("import", "--batch-size", "2", f.toString());
    assertThat(r.status()).as(r.toString()).isZero();
    assertThat(storage.storeAllSizes).containsExactly(2, 2, 1);
    assertThat(storage.traces().values()).containsExactlyInAnyOrderElementsOf(traces);
    long events = traces.stream().mapToLong(t -> t.events().size()).sum();
    assertThat(r.out()).startsWith("imported 5 traces (" + events + " events) in ");
  }

  @Test
  @DisplayName("NDJSON on stdin: a malformed line is reported as <stdin>:LINE and skipped, the rest stored, exit 1")
  void ndjsonStdin_badLine() {
    List<FlowTrace> traces = new SyntheticTraces(4).next(3);
    String bad = json(traces.get(1)).replaceFirst("\"start_time\":\"[^\"]+\"", "\"start_time\":\"yesterday\"");
    String input = json(traces.get(0)) + "\n" + bad + "\n" + json(traces.get(2)) + "\n";
    Cli.Result r = cli.stdin(input.getBytes(StandardCharsets.UTF_8)).run("import", "-");
    assertThat(r.status()).as(r.toString()).isEqualTo(1);
    assertThat(storage.traces().values()).containsExactlyInAnyOrder(traces.get(0), traces.get(2));
    List<String> errors = r.err().lines().toList();
    assertThat(errors).hasSize(2);
    assertThat(errors.get(0)).startsWith("<stdin>:2: ").contains("start_time").contains("yesterday");
    assertThat(errors.get(1)).isEqualTo("skipped 1 malformed trace");
    assertThat(r.out()).startsWith("imported 2 traces (");
  }

  @Test
  @DisplayName("an error inside a pretty-printed trace names the file's line, not the document's")
  void prettyPrinted_errorLineInFile() throws Exception {
    FlowTrace t = new SyntheticTraces(5).next();
    String pretty = "\n\n" + json(t).replace(",\"", ",\n  \"").replaceFirst("\"process_id\":\\d+", "\"process_id\":-1");
    long expectedLine = pretty.substring(0, pretty.indexOf("\"process_id\"")).lines().count();
    Path f = write("pretty.json", pretty);
    Cli.Result r = cli.run("import", f.toString());
    assertThat(r.status()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).startsWith(f + ":" + expectedLine + ": ").contains("process_id");
    assertThat(storage.traces()).isEmpty();
    assertThat(r.out()).startsWith("imported 0 traces (0 events)");
  }

  @Test
  @DisplayName("an array element that is not an object is reported with its line; the others are stored")
  void array_nonObjectElement() throws Exception {
    List<FlowTrace> traces = new SyntheticTraces(6).next(2);
    Path f = write("mixed.json", "[" + json(traces.get(0)) + ",\n\"oops\",\n" + json(traces.get(1)) + "]");
    Cli.Result r = cli.run("import", f.toString());
    assertThat(r.status()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).startsWith(f + ":2: expected a trace object").endsWith("skipped 1 malformed trace\n");
    assertThat(storage.traces()).hasSize(2);
  }

  @Test
  @DisplayName("a missing input file is a usage error before anything is opened or stored")
  void missingFile_exit2() throws Exception {
    Path ok = write("ok.json", json(new SyntheticTraces(7).next()));
    Cli.Result r = cli.run("import", ok.toString(), dir.resolve("nope.json").toString());
    assertThat(r.status()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("reflow-trace import: " + dir.resolve("nope.json") + ": no such file\n");
    assertThat(cli.opened).isEmpty();
    assertThat(cli.run("import").status()).isEqualTo(2);
  }

  @Test
  @DisplayName("no progress bar when stderr is not a terminal; a bar (erased after) when it is")
  void progressBar_onlyOnTerminal() throws Exception {
    Path f = write("many.ndjson", new SyntheticTraces(8).next(20).stream().map(ImportCommandTest::json)
        .collect(Collectors.joining("\n")));
    Cli.Result piped = cli.run("import", f.toString());
    assertThat(piped.err()).doesNotContain("\r");
    cli.terminal = true;
    Cli.Result tty = cli.run("import", f.toString());
    assertThat(tty.status()).as(tty.toString()).isZero();
    assertThat(tty.err()).contains("\rimporting [").endsWith("\r");
  }
}
