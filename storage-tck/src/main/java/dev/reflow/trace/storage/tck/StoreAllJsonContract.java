package dev.reflow.trace.storage.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.reflow.trace.json.TraceFormatException;
import dev.reflow.trace.json.TraceJson;
import dev.reflow.trace.model.ExecutionStatus;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.storage.StoredTrace;
import dev.reflow.trace.storage.TraceQuery;
import dev.reflow.trace.storage.TraceWriteException;
import dev.reflow.trace.storage.spi.TraceDocuments;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * storeAllJson stores already-encoded traces exactly as storeAll stores the same traces parsed:
 * the same bytes back from getJson, the same query results, one transaction, later duplicates
 * winning; JSON that is not Reflow's canonical form of the trace it names is refused, with nothing
 * of its batch stored.
 */
public abstract class StoreAllJsonContract extends TckContract {
  protected StoreAllJsonContract(TraceStorageTck tck) {
    super(tck);
  }

  private static List<StoredTrace> json(List<FlowTrace> traces) {
    return traces.stream().map(StoredTrace::of).toList();
  }

  /** Ordinary traces, the fixtures (escapes, unicode, every optional field) and a failure with escapes. */
  private static List<FlowTrace> varied() {
    List<FlowTrace> traces = new ArrayList<>(TestTraces.many(20, 7_000));
    traces.add(Fixtures.trace(Fixtures.COMPLETED_FLOW));
    traces.add(Fixtures.trace(Fixtures.MINIMAL_FLOW));
    traces.add(TestTraces.trace(31).status(ExecutionStatus.failed("boom \"quoted\"\n")).actors("a", "b", "a").build());
    return traces;
  }

  @Test
  @DisplayName("A batch of stored JSON reads back byte for byte and answers queries as storeAll of the same traces")
  public void storeAllJson_batch_sameAsStoreAll() {
    List<FlowTrace> batch = varied();
    storage().storeAllJson(json(batch));
    for (FlowTrace t : batch) {
      byte[] expected = TraceJson.writeBytes(t);
      assertThat(storage().getJson(t.traceId())).as("Backend <%s>: getJson of %s stored by storeAllJson", backend(),
          t.traceId()).hasValueSatisfying(b -> assertThat(b).isEqualTo(expected));
      assertRoundtrip(t, getPresent(t.traceId(), "stored by storeAllJson"), "stored by storeAllJson");
    }
    FlowTrace some = batch.get(3);
    FlowTrace failed = batch.get(batch.size() - 1);
    for (TraceQuery q : List.of(TraceQuery.all(),
        TraceQuery.builder().flowId(some.flowId().value()).build(),
        TraceQuery.builder().executionId(some.executionId()).build(),
        TraceQuery.builder().actorFilter("b").build(),
        TraceQuery.builder().status(ExecutionStatus.Kind.FAILED).build(),
        TraceQuery.builder().from(failed.startTime().toInstant()).to(failed.startTime().toInstant()).build(),
        TraceQuery.builder().limit(5).offset(4).build())) {
      assertQueryAgreesWithReference(batch, q, "stored by storeAllJson, " + q);
    }
    assertThat(storage().count(TraceQuery.all())).isEqualTo(batch.size());
    assertThat(storage().stats().totalEvents()).as("Backend <%s>: total_events after storeAllJson", backend())
        .isEqualTo(batch.stream().mapToLong(t -> t.events().size()).sum());
  }

  @Test
  @DisplayName("streamJson of one store into storeAllJson of another gives the same bytes back")
  public void storeAllJson_fromStreamJson_sameBytes() {
    List<FlowTrace> batch = varied();
    store(batch);
    storeOwnStreamAgain(batch, "what streamJson returned");
  }

  /**
   * Reads every trace with {@code streamJson}, deletes {@code stored}, and stores what was read
   * with {@code storeAllJson}: {@code streamJson} must then give the same again.
   */
  private void storeOwnStreamAgain(List<FlowTrace> stored, String what) {
    List<StoredTrace> read;
    try (var s = storage().streamJson(TraceQuery.all())) {
      read = s.toList();
    }
    for (FlowTrace t : stored) {
      storage().delete(t.traceId());
    }
    storage().storeAllJson(read);
    try (var s = storage().streamJson(TraceQuery.all())) {
      assertThat(s.toList()).as("Backend <%s>: streamJson after storeAllJson of %s", backend(), what)
          .isEqualTo(read);
    }
  }

  /**
   * A copy between stores that keep zstd documents hands the destination the frame the source
   * read ({@link StoredTrace#ofZstdFrame}); whatever the destination does with it (stores it as
   * it is, compresses the JSON itself, keeps another format), the trace must read back as the
   * same bytes, from its own stream too. The traces are long enough (30 events, several KB) that
   * a backend compressing above the default threshold of 1 KB compresses them.
   */
  @Test
  @DisplayName("Traces given with the zstd frame they were read from, and passed on again from streamJson, read back byte for byte")
  public void storeAllJson_zstdFramePassedThrough_readsBackByteIdentical() {
    List<FlowTrace> traces = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      traces.add(TestTraces.trace(500 + i).startTime(TestTraces.plusMicros(TestTraces.BASE_TIME, 1000L * i))
          .events(30, "reader", "writer \"w\"", "sink").build());
    }
    traces.add(Fixtures.trace(Fixtures.COMPLETED_FLOW));
    traces.add(TestTraces.trace(600).build()); // short: below any compression threshold
    List<StoredTrace> framed = new ArrayList<>();
    boolean zstd = TraceDocuments.zstdAvailable();
    if (!zstd) {
      System.out.println("[note] storeAllJson_zstdFramePassedThrough_readsBackByteIdentical: zstd-jni is not on the "
          + "class path of backend <" + backend() + ">'s tests, so no zstd frame can be made: the traces are given "
          + "as plain JSON, and passed on again from the backend's own streamJson");
    }
    for (FlowTrace t : traces) {
      byte[] json = TraceJson.writeBytes(t);
      framed.add(zstd ? StoredTrace.ofZstdFrame(t.traceId(), t.startTime().epochMicros(), TraceDocuments.compress(json))
          : new StoredTrace(t.traceId(), t.startTime().epochMicros(), json));
    }
    storage().storeAllJson(framed);
    assertReadsBack(traces, "stored by storeAllJson from zstd frames");

    storeOwnStreamAgain(traces, "its own streamJson");
    assertReadsBack(traces, "stored again by storeAllJson from its own streamJson");
  }

  private void assertReadsBack(List<FlowTrace> traces, String how) {
    for (FlowTrace t : traces) {
      byte[] expected = TraceJson.writeBytes(t);
      assertThat(storage().getJson(t.traceId())).as("Backend <%s>: getJson of %s %s", backend(), t.traceId(), how)
          .hasValueSatisfying(b -> assertThat(b).isEqualTo(expected));
      assertRoundtrip(t, getPresent(t.traceId(), how), how);
    }
    assertQueryAgreesWithReference(traces, TraceQuery.builder().actorFilter("sink").build(), "actor filter, " + how);
  }

  @Test
  @DisplayName("When a batch of JSON holds one id twice, the later one wins")
  public void storeAllJson_duplicateIds_lastOneWins() {
    FlowTrace first = TestTraces.trace(1).status(ExecutionStatus.RUNNING).startTime("2026-03-14T08:00:00Z").build();
    FlowTrace other = TestTraces.trace(2).build();
    FlowTrace last = TestTraces.trace(1).status(ExecutionStatus.COMPLETED).startTime("2026-03-14T10:00:00Z").actors("w").build();
    storage().storeAllJson(json(List.of(first, other, last)));
    assertRoundtrip(last, getPresent(last.traceId(), "id stored twice in one JSON batch"), "id stored twice in one JSON batch");
    assertQuery(TraceQuery.all(), ids(last, other), "JSON batch [v1 of A, B, v2 of A]");
    assertQuery(TraceQuery.builder().status(ExecutionStatus.Kind.RUNNING).build(), List.of(), "status of the overwritten version");
  }

  @Test
  @DisplayName("An empty JSON batch stores nothing; a JSON batch replaces traces stored under its ids")
  public void storeAllJson_emptyAndReplacing() {
    storage().storeAllJson(List.of());
    assertThat(storage().stats().totalTraces()).isZero();
    FlowTrace old = TestTraces.trace(1).actors("old").build();
    store(old);
    FlowTrace replacement = TestTraces.trace(1).actors("new").build();
    storage().storeAllJson(json(List.of(replacement)));
    assertRoundtrip(replacement, getPresent(old.traceId(), "replaced by a JSON batch"), "replaced by a JSON batch");
    assertQuery(TraceQuery.builder().actorFilter("old").build(), List.of(), "actor of the replaced version");
  }

  @Test
  @DisplayName("JSON that is not the canonical form of the trace it names fails with TraceFormatException naming its index, storing nothing")
  public void storeAllJson_notCanonical_refusedAndStoresNothing() {
    FlowTrace existing = TestTraces.trace(1).actors("before").build();
    store(existing);
    List<FlowTrace> traces = TestTraces.many(5, 300);
    FlowTrace victim = traces.get(2);
    byte[] good = TraceJson.writeBytes(victim);
    String text = new String(good, StandardCharsets.UTF_8);
    List<byte[]> bad = List.of(
        Arrays.copyOf(good, good.length - 1),                                          // truncated
        (text.substring(0, 1) + " " + text.substring(1)).getBytes(StandardCharsets.UTF_8), // whitespace: valid, not canonical
        text.replace("\"trace_id\":\"", "\"trace_id\":\"X").getBytes(StandardCharsets.UTF_8), // not a UUID
        "{}".getBytes(StandardCharsets.UTF_8),
        TraceJson.writeBytes(traces.get(3)));                                          // another trace's JSON
    for (byte[] json : bad) {
      List<StoredTrace> batch = new ArrayList<>();
      batch.add(StoredTrace.of(TestTraces.trace(1).actors("after").build()));
      batch.add(StoredTrace.of(traces.get(0)));
      batch.add(new StoredTrace(victim.traceId(), victim.startTime().epochMicros(), json));
      batch.add(StoredTrace.of(traces.get(4)));
      Throwable thrown = catchThrowable(() -> storage().storeAllJson(batch));
      assertThat(thrown).as("Backend <%s>: storeAllJson whose third element is %s", backend(),
              new String(json, StandardCharsets.UTF_8))
          .isInstanceOf(TraceFormatException.class)
          .hasMessageContaining("traces[2]");
      assertQuery(TraceQuery.all(), ids(existing), "after a refused JSON batch");
      assertQuery(TraceQuery.builder().actorFilter("after").build(), List.of(), "actor of the refused batch's replacement");
    }
  }

  @Test
  @DisplayName("A JSON batch with a null element fails with NullPointerException naming its index and stores nothing")
  public void storeAllJson_nullElement_failsAndStoresNothing() {
    List<StoredTrace> withNull = new ArrayList<>(json(TestTraces.many(3, 100)));
    withNull.add(1, null);
    Throwable thrown = catchThrowable(() -> storage().storeAllJson(withNull));
    assertThat(thrown).as("Backend <%s>: storeAllJson of [t1, null, t2, t3]", backend())
        .isExactlyInstanceOf(NullPointerException.class).hasMessageContaining("traces[1]");
    assertThat(storage().stats().totalTraces()).isZero();
    assertThat(catchThrowable(() -> storage().storeAllJson(null))).isInstanceOf(NullPointerException.class);
  }

  /** As {@link StoreAllContract}'s test of the same name: one transaction, not one per trace. */
  @Test
  @DisplayName("A JSON batch the database refuses part-way fails whole: none of it stored, earlier traces intact")
  public void storeAllJson_databaseRefusesOneTrace_storesNothingOfTheBatch() {
    FlowTrace existing = TestTraces.trace(1).actors("before").build();
    store(existing);
    List<FlowTrace> batch = new ArrayList<>();
    batch.add(TestTraces.trace(1).actors("after").build());
    batch.addAll(TestTraces.many(40, 500));
    FlowTrace refused = batch.get(30);
    refuseInDatabaseOrSkip(refused.traceId(), "storeAllJson_databaseRefusesOneTrace_storesNothingOfTheBatch");
    Throwable thrown = catchThrowable(() -> storage().storeAllJson(json(batch)));
    assertThat(thrown).as("Backend <%s>: storeAllJson of 41 traces whose 31st the database refuses", backend())
        .isInstanceOf(TraceWriteException.class);
    assertQuery(TraceQuery.all(), ids(existing), "after a JSON batch the database refused part-way");
    assertRoundtrip(existing, getPresent(existing.traceId(), "stored before a failed JSON batch"),
        "stored before a failed JSON batch");
  }
}
