package dev.reflow.trace.storage.tck;

import dev.reflow.trace.model.ExecutionStatus;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.storage.TraceQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * 60 varied traces (seed 20260314) and the 162 filter and paging combinations the query groups
 * check against the reference semantics; shared so that {@code query}, {@code stream} and
 * {@code count} are held to the same cases.
 */
final class GeneratedQueries {
  private GeneratedQueries() {}

  /** Three flows, five executions, six statuses, zero to three events by five actors; many ties. */
  static List<FlowTrace> traces() {
    SplittableRandom rng = new SplittableRandom(20260314);
    String[] flows = {"alpha", "beta", "gamma"};
    ExecutionStatus[] statuses = {ExecutionStatus.COMPLETED, ExecutionStatus.RUNNING, ExecutionStatus.failed("e1"),
        ExecutionStatus.failed("e2"), ExecutionStatus.CANCELLED, ExecutionStatus.PENDING};
    String[] actors = {"reader", "writer", "Reader", "transformer", "sink"};
    List<FlowTrace> traces = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      TraceBuilder b = TestTraces.trace(1000 + i).flowId(flows[rng.nextInt(flows.length)])
          .executionId(TestTraces.executionId(rng.nextInt(5)))
          // coarse times so that many traces tie and the trace_id tiebreak matters
          .startTime(TestTraces.plusNanos(TestTraces.BASE_TIME, rng.nextInt(8) * 1_000_000L + rng.nextInt(3) * 250L))
          .status(statuses[rng.nextInt(statuses.length)]).noEvents();
      int eventCount = rng.nextInt(4);
      for (int e = 0; e < eventCount; e++) {
        b.event(TestTraces.event(actors[rng.nextInt(actors.length)]));
      }
      traces.add(b.build());
    }
    return traces;
  }

  /** Every combination of flow, status, actor, time range and page (162 queries). */
  static List<TraceQuery> queries() {
    List<String> flowChoices = Arrays.asList(null, "alpha", "gamma");
    List<ExecutionStatus.Kind> statusChoices = Arrays.asList(null, ExecutionStatus.Kind.FAILED, ExecutionStatus.Kind.COMPLETED);
    List<String> actorChoices = Arrays.asList(null, "reader", "er");
    List<Instant[]> ranges = Arrays.asList(null,
        new Instant[] {TestTraces.plusMicros(TestTraces.BASE_TIME, 2000).toInstant(), TestTraces.plusMicros(TestTraces.BASE_TIME, 5000).toInstant()});
    List<Integer[]> pages = Arrays.asList(new Integer[] {null, null}, new Integer[] {3, 2}, new Integer[] {null, 4});
    List<TraceQuery> queries = new ArrayList<>();
    for (String flow : flowChoices) {
      for (ExecutionStatus.Kind status : statusChoices) {
        for (String actor : actorChoices) {
          for (Instant[] range : ranges) {
            for (Integer[] page : pages) {
              queries.add(TraceQuery.builder().flowId(flow).status(status).actorFilter(actor)
                  .timeRange(range == null ? null : range[0], range == null ? null : range[1])
                  .limit(page[0]).offset(page[1]).build());
            }
          }
        }
      }
    }
    return queries;
  }
}
