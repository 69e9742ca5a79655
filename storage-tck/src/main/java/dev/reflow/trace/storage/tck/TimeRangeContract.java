package dev.reflow.trace.storage.tck;

import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.Timestamp;
import dev.reflow.trace.storage.TraceQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The time range is inclusive on start_time and compared at microsecond precision: both the
 * trace's start_time and the bounds are truncated to microseconds (toward the past) first.
 */
public abstract class TimeRangeContract extends TckContract {
  /** A start time with a nanosecond fraction: 2026-03-14T09:26:53.589793238Z. */
  protected static final Timestamp T = TestTraces.at("2026-03-14T09:26:53.589793238Z");
  /** {@link #T} truncated to microseconds. */
  protected static final Instant T_MICROS = T.truncatedToMicros().toInstant();

  protected TimeRangeContract(TraceStorageTck tck) {
    super(tck);
  }

  private FlowTrace storeAtT() {
    FlowTrace trace = TestTraces.trace(1).startTime(T).build();
    store(trace);
    return trace;
  }

  @Test
  @DisplayName("to = start_time truncated to microseconds includes a trace whose start has nanoseconds")
  public void query_toEqualsStartTimeTruncatedToMicros_includesTrace() {
    FlowTrace trace = storeAtT();
    assertQuery(TraceQuery.builder().to(T_MICROS).build(), ids(trace), "start .589793238, to .589793");
    assertQuery(TraceQuery.builder().timeRange(T_MICROS, T_MICROS).build(), ids(trace), "start .589793238, range [.589793, .589793]");
  }

  @Test
  @DisplayName("Instant.MIN and Instant.MAX as bounds mean no limit: every trace matches")
  public void query_extremeBounds_matchEverything() {
    FlowTrace trace = storeAtT();
    assertQuery(TraceQuery.builder().timeRange(Instant.MIN, Instant.MAX).build(), ids(trace), "range [Instant.MIN, Instant.MAX]");
    assertQuery(TraceQuery.builder().to(Instant.MAX).build(), ids(trace), "to Instant.MAX");
    assertQuery(TraceQuery.builder().from(Instant.MIN).build(), ids(trace), "from Instant.MIN");
  }

  @Test
  @DisplayName("from later than start_time but within the same microsecond still includes the trace")
  public void query_fromLaterWithinSameMicrosecond_includesTrace() {
    FlowTrace trace = storeAtT();
    Instant from = T_MICROS.plusNanos(999);
    assertQuery(TraceQuery.builder().from(from).build(), ids(trace), "start .589793238, from .589793999");
    assertQuery(TraceQuery.builder().from(T.toInstant()).build(), ids(trace), "start .589793238, from the exact start");
  }

  @Test
  @DisplayName("from one microsecond after start_time excludes the trace")
  public void query_fromOneMicrosecondAfter_excludesTrace() {
    storeAtT();
    assertQuery(TraceQuery.builder().from(T_MICROS.plusNanos(1000)).build(), List.of(), "start .589793238, from .589794");
  }

  @Test
  @DisplayName("to one microsecond before start_time excludes the trace")
  public void query_toOneMicrosecondBefore_excludesTrace() {
    storeAtT();
    assertQuery(TraceQuery.builder().to(T_MICROS.minusNanos(1)).build(), List.of(), "start .589793238, to .589792999");
    assertQuery(TraceQuery.builder().to(T_MICROS.minusNanos(1000)).build(), List.of(), "start .589793238, to .589792");
  }

  @Test
  @DisplayName("from = to selects exactly the traces in that microsecond")
  public void query_fromEqualsTo_returnsTracesOfThatMicrosecond() {
    Timestamp micro = T.truncatedToMicros();
    FlowTrace low = TestTraces.trace(1).startTime(TestTraces.plusNanos(micro, 1)).build();
    FlowTrace high = TestTraces.trace(2).startTime(TestTraces.plusNanos(micro, 999)).build();
    FlowTrace before = TestTraces.trace(3).startTime(TestTraces.plusNanos(micro, -1)).build();
    FlowTrace after = TestTraces.trace(4).startTime(TestTraces.plusMicros(micro, 1)).build();
    List<FlowTrace> all = List.of(low, high, before, after);
    store(all);
    TraceQuery q = TraceQuery.builder().timeRange(micro.toInstant(), micro.toInstant()).build();
    assertQuery(q, ids(reference(all, q)), "traces at micro+1ns, micro+999ns, micro-1ns, micro+1µs; range [micro, micro]");
    assertQuery(q, ids(reference(List.of(low, high), TraceQuery.all())), "same");
  }

  @Test
  @DisplayName("A range with only from, or only to, is open at the other end")
  public void query_halfOpenRanges_areOpenAtTheOtherEnd() {
    List<FlowTrace> traces = TestTraces.many(10, 1);
    store(traces);
    Instant middle = TestTraces.plusMicros(TestTraces.BASE_TIME, 4000).toInstant();
    assertQueryAgreesWithReference(traces, TraceQuery.builder().from(middle).build(), "10 traces 1ms apart, from the 5th");
    assertQueryAgreesWithReference(traces, TraceQuery.builder().to(middle).build(), "10 traces 1ms apart, to the 5th");
    assertQuery(TraceQuery.builder().from(middle).build(), ids(reference(traces, TraceQuery.builder().from(middle).build())), "from");
  }

  @Test
  @DisplayName("Start times before 1970 are truncated toward the past and filtered at microseconds")
  public void query_preEpochStartTimes_filteredAtMicrosTowardThePast() {
    // -500ns lies in microsecond -1 (truncation toward the past, not toward zero)
    FlowTrace justBefore = TestTraces.trace(1).startTime("1969-12-31T23:59:59.999999500Z").build();
    FlowTrace epoch = TestTraces.trace(2).startTime("1970-01-01T00:00:00Z").build();
    FlowTrace old = TestTraces.trace(3).startTime("1960-06-01T12:00:00.000000001Z").build();
    store(justBefore, epoch, old);
    assertQuery(TraceQuery.all(), ids(epoch, justBefore, old), "start times -500ns, 0, 1960");
    assertQuery(TraceQuery.builder().to(Instant.parse("1969-12-31T23:59:59.999999Z")).build(), ids(justBefore, old),
        "to 1969-12-31T23:59:59.999999Z");
    assertQuery(TraceQuery.builder().from(Instant.EPOCH).build(), ids(epoch), "from 1970-01-01T00:00:00Z");
  }

  @Test
  @DisplayName("Ranges over 80 traces with nanosecond start times agree with the reference semantics")
  public void query_rangesOverManyTraces_agreeWithReference() {
    SplittableRandom rng = new SplittableRandom(42);
    List<FlowTrace> traces = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      traces.add(TestTraces.trace(300 + i).startTime(TestTraces.plusNanos(TestTraces.BASE_TIME, rng.nextLong(50_000))).build());
    }
    store(traces);
    for (int i = 0; i < 25; i++) {
      long a = rng.nextLong(50_000);
      long b = a + rng.nextLong(20_000);
      TraceQuery q = TraceQuery.builder()
          .timeRange(TestTraces.plusNanos(TestTraces.BASE_TIME, a).toInstant(), TestTraces.plusNanos(TestTraces.BASE_TIME, b).toInstant())
          .build();
      assertQueryAgreesWithReference(traces, q, "80 traces within 50µs (seed 42)");
    }
  }
}
