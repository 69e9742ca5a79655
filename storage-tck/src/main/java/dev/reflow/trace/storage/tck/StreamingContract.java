package dev.reflow.trace.storage.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.reflow.trace.json.TraceJson;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.storage.StoredTrace;
import dev.reflow.trace.storage.TracePosition;
import dev.reflow.trace.storage.TraceQuery;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code stream}, {@code streamJson}, {@code count} and keyset paging ({@link TraceQuery#after()}):
 * the same answers as {@code query}, read in bounded memory, releasing what they hold when closed.
 */
public abstract class StreamingContract extends TckContract {
  protected StreamingContract(TraceStorageTck tck) {
    super(tck);
  }

  @Test
  @DisplayName("stream, streamJson and count agree with query for every generated filter and paging combination")
  public void stream_generatedCombinations_agreeWithQuery() {
    List<FlowTrace> traces = GeneratedQueries.traces();
    store(traces);
    for (TraceQuery q : GeneratedQueries.queries()) {
      List<TraceId> expected = ids(reference(traces, q));
      assertThat(ids(storage().query(q))).as("Backend <%s>: query %s", backend(), q).isEqualTo(expected);
      assertThat(streamIds(q)).withFailMessage("Backend <%s>: stream %s expected trace ids %s (in this order), but received %s",
          backend(), q, expected, streamIds(q)).isEqualTo(expected);
      List<TraceId> jsonIds;
      try (Stream<StoredTrace> s = storage().streamJson(q)) {
        jsonIds = s.map(StoredTrace::traceId).toList();
      }
      assertThat(jsonIds).withFailMessage("Backend <%s>: streamJson %s expected trace ids %s, but received %s",
          backend(), q, expected, jsonIds).isEqualTo(expected);
      long total = reference(traces, q.unpaged()).size();
      assertThat(storage().count(q)).withFailMessage("Backend <%s>: count %s (limit and offset ignored) expected %d, but was %d",
          backend(), q, total, storage().count(q)).isEqualTo(total);
    }
  }

  @Test
  @DisplayName("streamJson yields getJson's bytes, the trace's start time and its position")
  public void streamJson_yieldsStoredBytes() {
    List<FlowTrace> traces = GeneratedQueries.traces();
    store(traces);
    store(TestTraces.trace(7).flowId("订单-\uD83D\uDE80-\u2028").tag("k", "\"quoted\" \\ \u0000").build());
    int n = 0;
    try (Stream<StoredTrace> s = storage().streamJson(TraceQuery.all())) {
      for (StoredTrace st : (Iterable<StoredTrace>) s::iterator) {
        byte[] expected = storage().getJson(st.traceId()).orElseThrow();
        if (!java.util.Arrays.equals(expected, st.json())) {
          fail(String.format("Backend <%s>: streamJson bytes of %s differ from getJson's:%nstream: %s%nget:    %s",
              backend(), st.traceId(), new String(st.json(), java.nio.charset.StandardCharsets.UTF_8),
              new String(expected, java.nio.charset.StandardCharsets.UTF_8)));
        }
        FlowTrace parsed = TraceJson.read(st.json());
        assertThat(st.position()).as("Backend <%s>: position of %s", backend(), st.traceId())
            .isEqualTo(TracePosition.of(parsed));
        n++;
      }
    }
    assertThat(n).as("Backend <%s>: traces in streamJson(all)", backend()).isEqualTo(61);
  }

  @Test
  @DisplayName("A query starting after a position returns what follows it, with every filter and page")
  public void query_after_returnsWhatFollowsThePosition() {
    List<FlowTrace> traces = GeneratedQueries.traces();
    store(traces);
    List<TracePosition> positions = new ArrayList<>();
    for (FlowTrace t : traces) {
      positions.add(TracePosition.of(t));
    }
    // Positions of no stored trace: between two ids, before everything, after everything.
    positions.add(new TracePosition(TestTraces.plusMicros(TestTraces.BASE_TIME, 3000).epochMicros(),
        TraceId.parse("80000000-0000-4000-8000-000000000000")));
    positions.add(new TracePosition(TestTraces.at("9999-12-31T23:59:59Z").epochMicros(), TestTraces.traceId(1)));
    positions.add(new TracePosition(TestTraces.at("1970-01-01T00:00:00Z").epochMicros(), TestTraces.traceId(1)));
    List<TraceQuery> shapes = List.of(TraceQuery.all(), TraceQuery.builder().flowId("alpha").build(),
        TraceQuery.builder().actorFilter("er").limit(5).build(), TraceQuery.builder().offset(2).limit(3).build(),
        TraceQuery.builder().timeRange(TestTraces.plusMicros(TestTraces.BASE_TIME, 2000).toInstant(),
            TestTraces.plusMicros(TestTraces.BASE_TIME, 5000).toInstant()).build());
    for (TracePosition p : positions) {
      for (TraceQuery shape : shapes) {
        TraceQuery q = shape.toBuilder().after(p).build();
        List<TraceId> expected = ids(reference(traces, q));
        assertQuery(q, expected, "60 generated traces, after " + p);
        assertThat(streamIds(q)).as("Backend <%s>: stream %s", backend(), q).isEqualTo(expected);
        assertThat(storage().count(q)).as("Backend <%s>: count %s", backend(), q)
            .isEqualTo(reference(traces, q.unpaged()).size());
      }
    }
  }

  @Test
  @DisplayName("Keyset paging visits every trace once, in order, also through groups of equal start times larger than a page")
  public void keysetPaging_visitsEachTraceOnceInOrder() {
    List<FlowTrace> traces = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      // groups of 30 traces with one start time, so a page of 20 ends inside a group
      traces.add(TestTraces.trace(5000 + i).flowId(i % 4 == 0 ? "quarter" : "rest")
          .startTime(TestTraces.plusMicros(TestTraces.BASE_TIME, (i / 30) * 1000L)).build());
    }
    store(traces);
    for (TraceQuery filter : List.of(TraceQuery.all(), TraceQuery.builder().flowId("quarter").build())) {
      List<TraceId> visited = new ArrayList<>();
      TracePosition after = null;
      int pages = 0;
      while (true) {
        List<FlowTrace> page = storage().query(filter.toBuilder().after(after).limit(20).build());
        visited.addAll(ids(page));
        pages++;
        if (page.size() < 20 || pages > 100) {
          break;
        }
        after = TracePosition.of(page.get(page.size() - 1));
      }
      assertThat(visited).withFailMessage("Backend <%s>: keyset pages of 20 over %s expected %s, but visited %s",
          backend(), filter, ids(reference(traces, filter)), visited).isEqualTo(ids(reference(traces, filter)));
    }
  }

  @Test
  @DisplayName("A stream over 10,000 traces of 6 KB keeps the heap level: it does not hold what it already returned")
  public void stream_tenThousandTraces_memoryDoesNotGrowWithMatches() {
    int count = 10_000;
    SplittableRandom rng = new SplittableRandom(13);
    List<FlowTrace> batch = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      batch.add(TestTraces.trace(100_000 + i).startTime(TestTraces.plusMicros(TestTraces.BASE_TIME, i))
          .tag("payload", randomText(rng, 6 * 1024)).build());
      if (batch.size() == 500) {
        storage().storeAll(batch);
        batch = new ArrayList<>();
      }
    }
    batch = null;
    // A bounded backend (the in-memory one) may have evicted some; stream what it holds.
    long stored = storage().stats().totalTraces();
    long before = usedHeapAfterGc();
    long grown = 0;
    int seen = 0;
    TracePosition last = null;
    try (Stream<FlowTrace> s = storage().stream(TraceQuery.all())) {
      Iterator<FlowTrace> it = s.iterator();
      while (it.hasNext()) {
        TracePosition p = TracePosition.of(it.next());
        if (last != null && !last.isBefore(p)) {
          fail(String.format("Backend <%s>: stream out of order: %s after %s", backend(), p, last));
        }
        last = p;
        seen++;
        if (seen % 2500 == 0 && seen < count) {
          grown = Math.max(grown, usedHeapAfterGc() - before);
        }
      }
    }
    assertThat((long) seen).as("Backend <%s>: traces streamed", backend()).isEqualTo(stored);
    // Everything held at once would be over 60 MB of documents (more as decoded traces); a
    // cursor or a page holds a few MB.
    long limit = 20L << 20;
    assertThat(grown).withFailMessage("Backend <%s>: while streaming 10,000 traces of 6 KB the heap grew by %d MB"
        + " after GC (limit %d MB): the stream holds what it already returned or reads everything up front",
        backend(), grown >> 20, limit >> 20).isLessThan(limit);
  }

  @Test
  @DisplayName("100 streams closed after one trace and 100 read to the end release their connections: store and query still work")
  public void stream_closedEarlyOrExhausted_releasesConnections() {
    store(TestTraces.many(30, 1));
    Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      for (int i = 0; i < 100; i++) {
        try (Stream<FlowTrace> s = storage().stream(TraceQuery.all())) {
          assertThat(s.iterator().next()).isNotNull();
        }
        try (Stream<StoredTrace> s = storage().streamJson(TraceQuery.all())) {
          assertThat(s.iterator().next()).isNotNull();
        }
      }
      for (int i = 0; i < 100; i++) {
        // Read to the end and never closed: the last element releases the cursor.
        Iterator<FlowTrace> it = storage().stream(TraceQuery.all()).iterator();
        int n = 0;
        while (it.hasNext()) {
          it.next();
          n++;
        }
        assertThat(n).isEqualTo(30);
      }
      FlowTrace extra = TestTraces.trace(999).startTime(TestTraces.plusMicros(TestTraces.BASE_TIME, -1)).build();
      storage().store(extra);
      assertThat(storage().get(extra.traceId())).as("Backend <%s>: get after 300 streams", backend()).contains(extra);
      assertThat(storage().query(TraceQuery.all())).as("Backend <%s>: query after 300 streams", backend()).hasSize(31);
    }, () -> "Backend <" + backend() + ">: store and query after 300 streams did not finish in 60 s: streams keep their connections");
  }

  @Test
  @DisplayName("Stores, replacements and deletes while a stream is open do not break it: every untouched trace comes once, in order")
  public void stream_writesDuringTheStream_doNotBreakIt() {
    List<FlowTrace> traces = TestTraces.many(300, 1);
    store(traces);
    List<TracePosition> seen = new ArrayList<>();
    Set<TraceId> touched = new HashSet<>();
    try (Stream<FlowTrace> s = storage().stream(TraceQuery.all())) {
      Iterator<FlowTrace> it = s.iterator();
      for (int i = 0; i < 50; i++) {
        seen.add(TracePosition.of(it.next()));
      }
      List<FlowTrace> writes = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        // new traces before, among and after the unread ones
        writes.add(TestTraces.trace(10_000 + i).startTime(TestTraces.plusMicros(TestTraces.BASE_TIME, i * 20_000L - 500)).build());
      }
      storage().storeAll(writes);
      storage().store(traces.get(10)); // an unread one replaced by itself
      storage().delete(traces.get(20).traceId());
      touched.add(traces.get(10).traceId());
      touched.add(traces.get(20).traceId());
      writes.forEach(w -> touched.add(w.traceId()));
      while (it.hasNext()) {
        seen.add(TracePosition.of(it.next()));
      }
    }
    for (int i = 1; i < seen.size(); i++) {
      if (!seen.get(i - 1).isBefore(seen.get(i))) {
        fail(String.format("Backend <%s>: stream during writes returned %s after %s (out of order or twice)",
            backend(), seen.get(i), seen.get(i - 1)));
      }
    }
    Set<TraceId> seenIds = new HashSet<>();
    seen.forEach(p -> seenIds.add(p.traceId()));
    for (FlowTrace t : traces) {
      if (!touched.contains(t.traceId()) && !seenIds.contains(t.traceId())) {
        fail(String.format("Backend <%s>: trace %s, untouched during the stream, was not streamed", backend(), t.traceId()));
      }
    }
  }

  @Test
  @DisplayName("A stream honours limit 0, an offset past the end and a limit larger than the matches")
  public void stream_edgePages_agreeWithQuery() {
    List<FlowTrace> traces = TestTraces.many(25, 1);
    store(traces);
    for (TraceQuery q : List.of(TraceQuery.builder().limit(0).build(), TraceQuery.builder().offset(25).build(),
        TraceQuery.builder().offset(1000).limit(5).build(), TraceQuery.builder().limit(1000).build(),
        TraceQuery.builder().offset(24).limit(1).build())) {
      assertThat(streamIds(q)).as("Backend <%s>: stream %s", backend(), q).isEqualTo(ids(reference(traces, q)));
    }
    assertThat(storage().count(TraceQuery.builder().limit(3).offset(1).build()))
        .as("Backend <%s>: count ignores limit and offset", backend()).isEqualTo(25);
  }

  private List<TraceId> streamIds(TraceQuery q) {
    try (Stream<FlowTrace> s = storage().stream(q)) {
      return s.map(FlowTrace::traceId).toList();
    }
  }

  private static String randomText(SplittableRandom rng, int length) {
    char[] c = new char[length];
    for (int i = 0; i < length; i++) {
      c[i] = (char) ('!' + rng.nextInt(90));
    }
    return new String(c);
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
