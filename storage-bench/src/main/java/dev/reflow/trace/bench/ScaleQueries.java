package dev.reflow.trace.bench;

import dev.reflow.trace.cli.demo.SyntheticTraces;
import dev.reflow.trace.model.ExecutionStatus;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.storage.TraceQuery;
import dev.reflow.trace.storage.TraceStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The queries of the scale benchmark. They are the same at every data set size and each returns
 * exactly {@link #RESULT_SIZE} traces at every size, so that a latency that grows with the size
 * can only come from the table size, not from a bigger result.
 *
 * <p>The generator spreads start times uniformly over a fixed week whatever the trace count, so a
 * fixed time window holds more traces in a bigger data set; with the limit the result stays 50.
 * At 10k traces (about 60 an hour) the smallest window, two hours, still holds about 120.
 */
final class ScaleQueries {
  static final int RESULT_SIZE = 50;
  /** The generator's most common flow: about 30% of the traces. */
  static final String FLOW = "order_ingest_pipeline";
  /** An actor of the payment_settlement flow only (about 20% of the traces); no other actor id contains it. */
  static final String ACTOR = "fraud_check";
  /**
   * The pseudo-actor of the generator's network events: about 95% of the traces have one (none
   * matches every trace: the flows share no actor), so the query stops after about 53 rows.
   */
  static final String COMMON_ACTOR = "network";
  /**
   * The first actor of etl_nightly_rollup only, the flow of 5% of the traces: the query reads about
   * 1,000 rows for its 50 matches, the cost of a rare actor.
   */
  static final String RARE_ACTOR = "extractor";

  private static final Instant NEWEST = SyntheticTraces.DEFAULT_NEWEST;
  private static final Instant OLDEST = NEWEST.minus(SyntheticTraces.DEFAULT_WINDOW);
  /** Windows end mid-week, away from the edges of the generated range. */
  private static final Instant MID_WEEK = NEWEST.minus(SyntheticTraces.DEFAULT_WINDOW.dividedBy(2));

  /** A query with the benchmark method that runs it and a short description for the report. */
  record ScaleQuery(String name, String description, TraceQuery query) {}

  static final ScaleQuery BY_FLOW = new ScaleQuery("queryByFlow", "flow_id = " + FLOW + ", limit 50",
      TraceQuery.builder().flowId(FLOW).limit(RESULT_SIZE).build());
  static final ScaleQuery BY_TIME_RANGE = new ScaleQuery("queryByTimeRange", "a 2-hour start_time window, limit 50",
      TraceQuery.builder().timeRange(MID_WEEK.minus(Duration.ofHours(2)), MID_WEEK).limit(RESULT_SIZE).build());
  static final ScaleQuery BY_ACTOR = new ScaleQuery("queryByActor", "actor filter \"" + ACTOR + "\" (1 trace in 5), limit 50",
      TraceQuery.builder().actorFilter(ACTOR).limit(RESULT_SIZE).build());
  static final ScaleQuery BY_COMMON_ACTOR = new ScaleQuery("queryByCommonActor",
      "actor filter \"" + COMMON_ACTOR + "\" (about 95% of the traces), limit 50",
      TraceQuery.builder().actorFilter(COMMON_ACTOR).limit(RESULT_SIZE).build());
  static final ScaleQuery BY_RARE_ACTOR = new ScaleQuery("queryByRareActor",
      "actor filter \"" + RARE_ACTOR + "\" (1 trace in 20), limit 50",
      TraceQuery.builder().actorFilter(RARE_ACTOR).limit(RESULT_SIZE).build());
  static final ScaleQuery COMBINED = new ScaleQuery("queryCombined",
      "flow_id = " + FLOW + ", status Completed, a 2-day start_time window, limit 50",
      TraceQuery.builder().flowId(FLOW).status(ExecutionStatus.Kind.COMPLETED)
          .timeRange(MID_WEEK.minus(Duration.ofDays(2)), MID_WEEK).limit(RESULT_SIZE).build());

  /** Every query, in report order. */
  static final List<ScaleQuery> ALL = List.of(BY_FLOW, BY_TIME_RANGE, BY_ACTOR, BY_COMMON_ACTOR, BY_RARE_ACTOR, COMBINED);

  private ScaleQueries() {}

  /**
   * Fails unless every query returns exactly {@link #RESULT_SIZE} traces, each matching it: a
   * smaller result at 10k would make the comparison across sizes unfair.
   */
  static void checkResultSizes(TraceStorage storage, String dataSet) {
    for (ScaleQuery q : ALL) {
      List<FlowTrace> found = storage.query(q.query());
      if (found.size() != RESULT_SIZE || !found.stream().allMatch(q.query()::matches)) {
        throw new IllegalStateException(q.name() + " on " + dataSet + " returned " + found.size()
            + " traces, expected " + RESULT_SIZE + " matching ones");
      }
    }
  }

  /**
   * Ids of about {@code count} stored traces spread over the whole data set: for evenly spaced
   * instants of the week, the newest trace started at or before it. Asked of the store itself, so
   * no list of a million ids needs keeping or regenerating.
   */
  static List<TraceId> sampleIds(TraceStorage storage, int count) {
    Set<TraceId> ids = new LinkedHashSet<>();
    Duration step = SyntheticTraces.DEFAULT_WINDOW.dividedBy(count);
    for (int i = 1; i <= count; i++) {
      TraceQuery newestBefore = TraceQuery.builder().to(OLDEST.plus(step.multipliedBy(i))).limit(1).build();
      storage.query(newestBefore).forEach(t -> ids.add(t.traceId()));
    }
    if (ids.size() < count / 2) {
      throw new IllegalStateException("only " + ids.size() + " distinct traces found for " + count + " instants");
    }
    return new ArrayList<>(ids);
  }
}
