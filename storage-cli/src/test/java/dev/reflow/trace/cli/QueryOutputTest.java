package dev.reflow.trace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflow.trace.cli.internal.Table;
import dev.reflow.trace.model.FlowTrace;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What {@code query} prints when the stored values are hostile or the limit cuts the result. */
class QueryOutputTest {

  @Test
  @DisplayName("a 1 MB flow id is cut to a short cell ending in …, so rows stay narrow")
  void table_wideCellTruncated() {
    KeptMemoryStorage storage = new KeptMemoryStorage();
    List<FlowTrace> traces = Traces.some(3);
    storage.memory.store(Traces.withFlow(traces.get(0), "f".repeat(1 << 20)));
    storage.memory.store(traces.get(1));
    Cli.Result r = storage.cli().run("query", "--all");
    assertThat(r.status()).as(r.toString()).isZero();
    assertThat(r.out()).contains("f".repeat(Table.MAX_CELL - 1) + "…").doesNotContain("f".repeat(Table.MAX_CELL));
    assertThat(r.out().lines().mapToInt(String::length).max().orElse(0)).isLessThan(250);
  }

  @Test
  @DisplayName("control characters in ids are escaped in the table: no forged lines, no terminal escapes")
  void table_controlCharactersEscaped() {
    KeptMemoryStorage storage = new KeptMemoryStorage();
    String hostile = "a\nFAKE ROW\r\u001b[31mred\u0007\u202e";
    storage.memory.store(Traces.withFlow(Traces.some(1).get(0), hostile));
    Cli.Result r = storage.cli().run("query");
    assertThat(r.status()).as(r.toString()).isZero();
    assertThat(r.out().lines()).hasSize(3); // header, one row, the count
    assertThat(r.out()).contains("a\\nFAKE ROW\\r\\u001b[31mred\\u0007\\u202e")
        .doesNotContain("\u001b").doesNotContain("\r").doesNotContain("\u0007").doesNotContain("\u202e");
  }

  @Test
  @DisplayName("Table.cell keeps short text, and never splits a surrogate pair when cutting")
  void cell_rules() {
    assertThat(Table.cell("order_ingest_pipeline")).isEqualTo("order_ingest_pipeline");
    assertThat(Table.cell("x".repeat(Table.MAX_CELL))).isEqualTo("x".repeat(Table.MAX_CELL));
    assertThat(Table.cell("x".repeat(Table.MAX_CELL + 1))).isEqualTo("x".repeat(Table.MAX_CELL - 1) + "…");
    String emoji = "\ud83d\ude00".repeat(Table.MAX_CELL + 5);
    String cut = Table.cell(emoji);
    assertThat(cut.codePointCount(0, cut.length())).isEqualTo(Table.MAX_CELL);
    assertThat(cut).endsWith("\ud83d\ude00…");
  }

  @Test
  @DisplayName("query --json says on stderr when the default limit cut the result; stdout stays NDJSON")
  void json_limitReached_saidOnStderr() {
    KeptMemoryStorage storage = new KeptMemoryStorage();
    storage.memory.storeAll(Traces.some(QueryCommand.DEFAULT_LIMIT + 1));
    Cli.Result r = storage.cli().run("query", "--json");
    assertThat(r.status()).as(r.toString()).isZero();
    assertThat(r.out().lines()).hasSize(QueryCommand.DEFAULT_LIMIT).allMatch(l -> l.startsWith("{\"trace_id\""));
    assertThat(r.err()).isEqualTo("reflow-trace query: stopped at the limit of 100 traces: --limit, --offset or --all for more\n");

    Cli.Result all = storage.cli().run("query", "--json", "--all");
    assertThat(all.out().lines()).hasSize(QueryCommand.DEFAULT_LIMIT + 1);
    assertThat(all.err()).isEmpty();
  }

  @Test
  @DisplayName("demo with few traces and no failed one shows a trace it stored, never 'not found'")
  void demo_fewTraces_showsStoredTrace() {
    KeptMemoryStorage storage = new KeptMemoryStorage();
    Cli.Result r = storage.cli().run("demo", "--traces", "10", "--seed", "7");
    assertThat(r.status()).as(r.toString()).isZero();
    assertThat(storage.memory.query(dev.reflow.trace.storage.TraceQuery.all()))
        .as("this seed stores no failed trace, so the demo must pick another one")
        .noneMatch(t -> t.status().kind() == dev.reflow.trace.model.ExecutionStatus.Kind.FAILED);
    assertThat(r.out()).contains("$ reflow-trace get ").doesNotContain("not found");
  }
}
