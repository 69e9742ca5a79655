package dev.reflow.trace.storage.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflow.trace.model.ExecutionStatus;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.storage.TraceQuery;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The status filter matches the status kind; Failed matches any error text. */
public abstract class StatusContract extends TckContract {
  protected StatusContract(TraceStorageTck tck) {
    super(tck);
  }

  /** One trace per status, two failures with different texts; start times one second apart. */
  protected final List<FlowTrace> storeOnePerStatus() {
    List<FlowTrace> traces = List.of(
        TestTraces.trace(1).status(ExecutionStatus.PENDING).startTime("2026-03-14T09:00:06Z").build(),
        TestTraces.trace(2).status(ExecutionStatus.RUNNING).startTime("2026-03-14T09:00:05Z").build(),
        TestTraces.trace(3).status(ExecutionStatus.COMPLETED).startTime("2026-03-14T09:00:04Z").build(),
        TestTraces.trace(4).status(ExecutionStatus.failed("connection refused")).startTime("2026-03-14T09:00:03Z").build(),
        TestTraces.trace(5).status(ExecutionStatus.failed("")).startTime("2026-03-14T09:00:02Z").build(),
        TestTraces.trace(6).status(ExecutionStatus.CANCELLED).startTime("2026-03-14T09:00:01Z").build());
    store(traces);
    return traces;
  }

  @ParameterizedTest(name = "status {0}")
  @EnumSource(ExecutionStatus.Kind.class)
  @DisplayName("A status filter returns exactly the traces of that kind")
  public void query_statusKind_returnsOnlyThatKind(ExecutionStatus.Kind kind) {
    List<FlowTrace> traces = storeOnePerStatus();
    TraceQuery q = TraceQuery.builder().status(kind).build();
    List<FlowTrace> expected = reference(traces, q);
    assertQuery(q, ids(expected), "one trace per status (two Failed), filter " + kind.variantName());
    assertThat(expected).as("test data: traces of kind %s", kind).hasSize(kind == ExecutionStatus.Kind.FAILED ? 2 : 1);
  }

  @Test
  @DisplayName("A Failed filter with some error text matches failures with any error text")
  public void query_failedWithOtherErrorText_matchesEveryFailure() {
    List<FlowTrace> traces = storeOnePerStatus();
    TraceQuery q = TraceQuery.builder().status(ExecutionStatus.failed("a text no trace has")).build();
    assertQuery(q, ids(traces.get(3), traces.get(4)), "filter Failed(\"a text no trace has\")");
  }

  @Test
  @DisplayName("A status instance filters the same as its kind")
  public void query_statusInstance_filtersLikeItsKind() {
    List<FlowTrace> traces = storeOnePerStatus();
    for (ExecutionStatus s : List.of(ExecutionStatus.PENDING, ExecutionStatus.RUNNING, ExecutionStatus.COMPLETED,
        ExecutionStatus.CANCELLED)) {
      TraceQuery q = TraceQuery.builder().status(s).build();
      assertQuery(q, ids(reference(traces, q)), "filter by status instance " + s.variantName());
    }
  }

  @Test
  @DisplayName("Error texts that look like JSON, quotes or status names are stored exactly and still filter as Failed")
  public void store_failedWithUnusualErrorText_roundtripsAndFiltersAsFailed() {
    FlowTrace a = TestTraces.trace(1).status(ExecutionStatus.failed("{\"Failed\":{\"error\":\"x\"}}")).build();
    FlowTrace b = TestTraces.trace(2).status(ExecutionStatus.failed("Completed")).startTime("2026-03-14T08:00:00Z").build();
    FlowTrace c = TestTraces.trace(3).status(ExecutionStatus.failed("line1\nline2\t\"quoted\" \\ \u0000 \uD83D\uDCA5"))
        .startTime("2026-03-14T07:00:00Z").build();
    FlowTrace completed = TestTraces.trace(4).status(ExecutionStatus.COMPLETED).startTime("2026-03-14T06:00:00Z").build();
    store(a, b, c, completed);
    for (FlowTrace t : List.of(a, b, c)) {
      assertRoundtrip(t, getPresent(t.traceId(), "failure " + t.status()), "failure " + t.status());
    }
    assertQuery(TraceQuery.builder().status(ExecutionStatus.Kind.FAILED).build(), ids(a, b, c), "unusual error texts");
    assertQuery(TraceQuery.builder().status(ExecutionStatus.Kind.COMPLETED).build(), ids(completed),
        "a failure whose error text is \"Completed\"");
  }
}
