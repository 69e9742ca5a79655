package dev.reflow.trace.storage.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.Timestamp;
import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.storage.TraceQuery;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Order: start_time (microseconds) descending, then trace_id ascending in unsigned byte order. */
public abstract class OrderingAndPagingContract extends TckContract {
  protected OrderingAndPagingContract(TraceStorageTck tck) {
    super(tck);
  }

  @Test
  @DisplayName("Traces with different start times come newest first, whatever the storing order")
  public void query_differentStartTimes_newestFirst() {
    FlowTrace oldest = TestTraces.trace(1).startTime("2026-03-14T09:00:00Z").build();
    FlowTrace middle = TestTraces.trace(2).startTime("2026-03-14T09:00:00.000001Z").build();
    FlowTrace newest = TestTraces.trace(3).startTime("2026-03-15T00:00:00Z").build();
    store(middle, oldest, newest);
    assertQuery(TraceQuery.all(), ids(newest, middle, oldest), "three start times stored out of order");
  }

  @Test
  @DisplayName("Equal start times order by trace_id ascending as unsigned bytes (not UUID.compareTo)")
  public void query_equalStartTimes_traceIdAscendingUnsigned() {
    List<TraceId> expected = List.of(
        TraceId.parse("00000000-0000-4000-8000-000000000000"),
        TraceId.parse("00000000-0000-4000-8000-000000000001"),
        TraceId.parse("00000000-0000-4000-f000-000000000000"),
        TraceId.parse("7fffffff-ffff-4fff-bfff-ffffffffffff"),
        TraceId.parse("80000000-0000-4000-8000-000000000000"),
        TraceId.parse("9abcdef0-1234-4567-89ab-cdef01234567"),
        TraceId.parse("ffffffff-ffff-4fff-bfff-ffffffffffff"));
    // Guard: the test is only meaningful if signed comparison would order these differently.
    List<UUID> signed = new ArrayList<>(expected.stream().map(TraceId::value).toList());
    signed.sort(UUID::compareTo);
    assertThat(signed).isNotEqualTo(expected.stream().map(TraceId::value).toList());
    for (int i = expected.size() - 1; i >= 0; i--) {
      store(TestTraces.trace(i).id(expected.get(i)).startTime(TestTraces.BASE_TIME).build());
    }
    assertQuery(TraceQuery.all(), expected, "seven traces with one start time");
  }

  @Test
  @DisplayName("Start times equal at microseconds but not nanoseconds tie, and tie by trace_id")
  public void query_startTimesEqualAtMicros_orderedByTraceIdNotNanos() {
    Timestamp micro = TestTraces.at("2026-03-14T09:00:00.123456Z");
    FlowTrace laterNanosHighId = TestTraces.trace(1).id("f0000000-0000-4000-8000-000000000000")
        .startTime(TestTraces.plusNanos(micro, 900)).build();
    FlowTrace earlierNanosLowId = TestTraces.trace(2).id("10000000-0000-4000-8000-000000000000")
        .startTime(TestTraces.plusNanos(micro, 100)).build();
    FlowTrace nextMicro = TestTraces.trace(3).id("e0000000-0000-4000-8000-000000000000")
        .startTime(TestTraces.plusMicros(micro, 1)).build();
    store(laterNanosHighId, earlierNanosLowId, nextMicro);
    assertQuery(TraceQuery.all(), ids(nextMicro, earlierNanosLowId, laterNanosHighId),
        "start times .123456900, .123456100 (same microsecond) and .123457");
  }

  @Test
  @DisplayName("Paging through 250 traces with limit 7 returns each exactly once, in order")
  public void query_pageThrough250WithLimit7_eachReturnedOnceInOrder() {
    List<FlowTrace> traces = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      // groups of five share a start time, so page boundaries fall inside ties
      traces.add(TestTraces.trace(5000 + i).startTime(TestTraces.plusMicros(TestTraces.BASE_TIME, (i / 5) * 10L)).build());
    }
    store(traces);
    List<TraceId> expected = ids(reference(traces, TraceQuery.all()));
    List<TraceId> seen = new ArrayList<>();
    int pages = 0;
    for (int offset = 0; offset < 250; offset += 7) {
      TraceQuery page = TraceQuery.builder().limit(7).offset(offset).build();
      List<FlowTrace> got = storage().query(page);
      int expectedSize = Math.min(7, 250 - offset);
      assertThat(got).withFailMessage("Backend <%s>: page with limit 7 offset %d of 250 traces: expected %d traces, but received %d: %s",
          backend(), offset, expectedSize, got.size(), ids(got)).hasSize(expectedSize);
      seen.addAll(ids(got));
      pages++;
    }
    assertThat(pages).isEqualTo(36);
    assertQuery(TraceQuery.builder().limit(7).offset(252).build(), List.of(), "page after the last one");
    Set<TraceId> unique = new HashSet<>(seen);
    assertThat(unique).withFailMessage("Backend <%s>: paging 250 traces by 7: expected 250 distinct ids, but received %d distinct of %d",
        backend(), unique.size(), seen.size()).hasSize(250);
    assertThat(seen).withFailMessage("Backend <%s>: paging 250 traces by 7: expected the concatenated pages to equal the full order%nexpected: %s%nactual:   %s",
        backend(), expected, seen).isEqualTo(expected);
  }

  @Test
  @DisplayName("limit 0 returns no traces")
  public void query_limitZero_returnsEmpty() {
    store(TestTraces.many(5, 1));
    assertQuery(TraceQuery.builder().limit(0).build(), List.of(), "five traces, limit 0");
  }

  @Test
  @DisplayName("An offset at or beyond the number of matches returns no traces")
  public void query_offsetBeyondEnd_returnsEmpty() {
    store(TestTraces.many(5, 1));
    assertQuery(TraceQuery.builder().offset(5).build(), List.of(), "five traces, offset 5");
    assertQuery(TraceQuery.builder().offset(6).limit(3).build(), List.of(), "five traces, offset 6 limit 3");
  }

  @Test
  @DisplayName("An offset without a limit skips the first traces and returns the rest")
  public void query_offsetWithoutLimit_skipsFirst() {
    List<FlowTrace> traces = TestTraces.many(6, 1);
    store(traces);
    TraceQuery q = TraceQuery.builder().offset(2).build();
    assertQuery(q, ids(reference(traces, q)), "six traces, offset 2 and no limit");
    assertThat(storage().query(q)).hasSize(4);
  }

  @Test
  @DisplayName("A limit larger than the number of matches returns all of them")
  public void query_limitLargerThanMatches_returnsAll() {
    List<FlowTrace> traces = TestTraces.many(4, 1);
    store(traces);
    assertQueryAgreesWithReference(traces, TraceQuery.builder().limit(100).build(), "four traces, limit 100");
    assertQueryAgreesWithReference(traces, TraceQuery.builder().limit(Integer.MAX_VALUE).offset(1).build(),
        "four traces, limit Integer.MAX_VALUE offset 1");
  }

  @Test
  @DisplayName("Paging with a filter pages through the filtered order only")
  public void query_pagingWithFilter_pagesFilteredOrder() {
    List<FlowTrace> traces = TestTraces.many(30, 1);
    store(traces);
    List<TraceId> seen = new ArrayList<>();
    for (int offset = 0; offset < 12; offset += 4) {
      TraceQuery q = TraceQuery.builder().flowId("flow-1").limit(4).offset(offset).build();
      seen.addAll(ids(assertQuery(q, ids(reference(traces, q)), "30 traces in three flows, paging flow-1")));
    }
    assertThat(seen).isEqualTo(ids(reference(traces, TraceQuery.builder().flowId("flow-1").build())));
  }
}
