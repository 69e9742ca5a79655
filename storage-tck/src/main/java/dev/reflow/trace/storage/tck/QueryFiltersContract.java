package dev.reflow.trace.storage.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflow.trace.model.ExecutionId;
import dev.reflow.trace.model.ExecutionStatus;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.Timestamp;
import dev.reflow.trace.storage.TraceQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Each filter alone, then combined; the reference is {@link TraceQuery#matches}. */
public abstract class QueryFiltersContract extends TckContract {
  protected QueryFiltersContract(TraceStorageTck tck) {
    super(tck);
  }

  @Test
  @DisplayName("A query on an empty storage returns an empty list")
  public void query_emptyStorage_returnsEmptyList() {
    assertQuery(TraceQuery.all(), List.of(), "empty storage");
    assertQuery(TraceQuery.builder().flowId("x").actorFilter("y").limit(5).build(), List.of(), "empty storage");
  }

  @Test
  @DisplayName("A query without filters returns every trace")
  public void query_noFilters_returnsEveryTrace() {
    List<FlowTrace> traces = TestTraces.many(20, 100);
    store(traces);
    assertQueryAgreesWithReference(traces, TraceQuery.all(), "20 traces, no filters");
  }

  @Test
  @DisplayName("flow_id matches exactly: not a prefix, not a substring, not another case")
  public void query_flowId_matchesExactly() {
    FlowTrace exact = TestTraces.trace(1).flowId("orders").build();
    FlowTrace longer = TestTraces.trace(2).flowId("orders-eu").startTime("2026-03-14T08:00:00Z").build();
    FlowTrace upper = TestTraces.trace(3).flowId("Orders").startTime("2026-03-14T07:00:00Z").build();
    FlowTrace shorter = TestTraces.trace(4).flowId("order").startTime("2026-03-14T06:00:00Z").build();
    FlowTrace padded = TestTraces.trace(5).flowId("orders ").startTime("2026-03-14T05:00:00Z").build();
    store(exact, longer, upper, shorter, padded);
    assertQuery(TraceQuery.builder().flowId("orders").build(), ids(exact), "flow ids orders, orders-eu, Orders, order, 'orders '");
    assertQuery(TraceQuery.builder().flowId("ORDERS").build(), List.of(), "flow id in another case");
  }

  @Test
  @DisplayName("flow_id with LIKE wildcards and regex characters matches literally")
  public void query_flowIdWithWildcards_matchesLiterally() {
    FlowTrace percent = TestTraces.trace(1).flowId("a%c").build();
    FlowTrace underscore = TestTraces.trace(2).flowId("a_c").startTime("2026-03-14T08:00:00Z").build();
    FlowTrace plain = TestTraces.trace(3).flowId("abc").startTime("2026-03-14T07:00:00Z").build();
    FlowTrace regex = TestTraces.trace(4).flowId("a.c").startTime("2026-03-14T06:00:00Z").build();
    store(percent, underscore, plain, regex);
    assertQuery(TraceQuery.builder().flowId("a%c").build(), ids(percent), "flow id a%c");
    assertQuery(TraceQuery.builder().flowId("a_c").build(), ids(underscore), "flow id a_c");
    assertQuery(TraceQuery.builder().flowId("a.c").build(), ids(regex), "flow id a.c");
    assertQuery(TraceQuery.builder().flowId("a%").build(), List.of(), "flow id a%");
  }

  @Test
  @DisplayName("An unknown flow_id matches nothing")
  public void query_unknownFlowId_returnsEmpty() {
    store(TestTraces.many(5, 1));
    assertQuery(TraceQuery.builder().flowId("no-such-flow").build(), List.of(), "five traces, unknown flow id");
  }

  @Test
  @DisplayName("An empty flow_id matches only traces whose flow_id is empty")
  public void query_emptyFlowId_matchesOnlyEmptyFlowId() {
    FlowTrace empty = TestTraces.trace(1).flowId("").build();
    FlowTrace named = TestTraces.trace(2).flowId("named").startTime("2026-03-14T08:00:00Z").build();
    store(empty, named);
    assertQuery(TraceQuery.builder().flowId("").build(), ids(empty), "flow ids '' and 'named'");
  }

  @Test
  @DisplayName("execution_id matches exactly")
  public void query_executionId_matchesExactly() {
    ExecutionId shared = TestTraces.executionId(77);
    FlowTrace a = TestTraces.trace(1).executionId(shared).build();
    FlowTrace b = TestTraces.trace(2).executionId(shared).startTime("2026-03-14T08:00:00Z").build();
    FlowTrace other = TestTraces.trace(3).startTime("2026-03-14T07:00:00Z").build();
    store(a, b, other);
    assertQuery(TraceQuery.builder().executionId(shared).build(), ids(a, b), "two traces share an execution id");
    assertQuery(TraceQuery.builder().executionId(TestTraces.executionId(78)).build(), List.of(), "unknown execution id");
  }

  @Test
  @DisplayName("flow_id and status together return the intersection")
  public void query_flowIdAndStatus_returnsIntersection() {
    FlowTrace match = TestTraces.trace(1).flowId("f").status(ExecutionStatus.COMPLETED).build();
    FlowTrace wrongStatus = TestTraces.trace(2).flowId("f").status(ExecutionStatus.RUNNING).build();
    FlowTrace wrongFlow = TestTraces.trace(3).flowId("g").status(ExecutionStatus.COMPLETED).build();
    store(match, wrongStatus, wrongFlow);
    assertQuery(TraceQuery.builder().flowId("f").status(ExecutionStatus.Kind.COMPLETED).build(), ids(match),
        "flow f and Completed");
  }

  @Test
  @DisplayName("All filters combined: each decoy fails exactly one filter and is excluded")
  public void query_allFiltersCombined_returnsOnlyTraceMatchingEvery() {
    Timestamp start = TestTraces.at("2026-03-14T12:00:00.000500Z");
    ExecutionId exec = TestTraces.executionId(500);
    FlowTrace match = TestTraces.trace(1).flowId("f").executionId(exec).startTime(start)
        .status(ExecutionStatus.failed("x")).actors("the-reader").build();
    List<FlowTrace> decoys = List.of(
        TestTraces.trace(2).flowId("g").executionId(exec).startTime(start).status(ExecutionStatus.failed("x")).actors("the-reader").build(),
        TestTraces.trace(3).flowId("f").executionId(TestTraces.executionId(501)).startTime(start).status(ExecutionStatus.failed("x")).actors("the-reader").build(),
        TestTraces.trace(4).flowId("f").executionId(exec).startTime(TestTraces.plusMicros(start, -1001)).status(ExecutionStatus.failed("x")).actors("the-reader").build(),
        TestTraces.trace(5).flowId("f").executionId(exec).startTime(TestTraces.plusMicros(start, 1001)).status(ExecutionStatus.failed("x")).actors("the-reader").build(),
        TestTraces.trace(6).flowId("f").executionId(exec).startTime(start).status(ExecutionStatus.COMPLETED).actors("the-reader").build(),
        TestTraces.trace(7).flowId("f").executionId(exec).startTime(start).status(ExecutionStatus.failed("x")).actors("the-writer").build());
    store(match);
    store(decoys);
    TraceQuery q = TraceQuery.builder().flowId("f").executionId(exec)
        .timeRange(TestTraces.plusMicros(start, -1000).toInstant(), TestTraces.plusMicros(start, 1000).toInstant())
        .status(ExecutionStatus.Kind.FAILED).actorFilter("reader").build();
    assertQuery(q, ids(match), "one match and six decoys that each fail one filter");
  }

  @Test
  @DisplayName("Every combination of filters and paging over 60 varied traces agrees with the reference semantics")
  public void query_generatedCombinations_agreeWithReferenceSemantics() {
    List<FlowTrace> traces = GeneratedQueries.traces();
    store(traces);
    int queries = 0;
    for (TraceQuery q : GeneratedQueries.queries()) {
      assertQueryAgreesWithReference(traces, q, "60 generated traces (seed 20260314)");
      queries++;
    }
    assertThat(queries).isEqualTo(162);
  }

  @Test
  @DisplayName("A flow_id with emoji, right-to-left text and U+2028 matches exactly")
  public void query_unicodeFlowId_matchesExactly() {
    String flow = "订单-流程-\uD83D\uDE80-\u0645\u0631\u062D\u0628\u0627-\u2028-end";
    FlowTrace match = TestTraces.trace(1).flowId(flow).build();
    FlowTrace prefix = TestTraces.trace(2).flowId("订单-流程").startTime("2026-03-14T08:00:00Z").build();
    store(match, prefix);
    assertQuery(TraceQuery.builder().flowId(flow).build(), ids(match), "unicode flow id");
    assertQuery(TraceQuery.builder().flowId("订单-流程").build(), ids(prefix), "unicode flow id prefix");
  }
}
