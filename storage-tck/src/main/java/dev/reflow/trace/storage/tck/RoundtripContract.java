package dev.reflow.trace.storage.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflow.trace.json.TraceJson;
import dev.reflow.trace.model.ExecutionStatus;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.JsonValue;
import dev.reflow.trace.model.MessageSnapshot;
import dev.reflow.trace.model.PerformanceMetrics;
import dev.reflow.trace.model.StateDiff;
import dev.reflow.trace.model.StateDiffType;
import dev.reflow.trace.model.TraceEventType;
import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.storage.TraceQuery;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Fixtures and hand-built traces come back equal and write the same JSON bytes. */
public abstract class RoundtripContract extends TckContract {
  protected RoundtripContract(TraceStorageTck tck) {
    super(tck);
  }

  @Test
  @DisplayName("The completed-flow fixture comes back equal to what was stored")
  public void store_completedFixture_getReturnsEqualTrace() {
    FlowTrace fixture = Fixtures.trace(Fixtures.COMPLETED_FLOW);
    store(fixture);
    assertSameTrace(fixture, getPresent(fixture.traceId(), "get of completed-flow.json"), "get of completed-flow.json");
  }

  @Test
  @DisplayName("The completed-flow fixture, stored and read back, writes the fixture's exact bytes")
  public void store_completedFixture_getWritesByteIdenticalJson() {
    FlowTrace fixture = Fixtures.trace(Fixtures.COMPLETED_FLOW);
    store(fixture);
    assertJson(Fixtures.json(Fixtures.COMPLETED_FLOW), getPresent(fixture.traceId(), "completed-flow.json"),
        "get of completed-flow.json");
  }

  @Test
  @DisplayName("The completed-flow fixture returned by a query writes the fixture's exact bytes")
  public void store_completedFixture_queryWritesByteIdenticalJson() {
    FlowTrace fixture = Fixtures.trace(Fixtures.COMPLETED_FLOW);
    store(fixture);
    List<FlowTrace> found = assertQuery(TraceQuery.builder().flowId(fixture.flowId()).build(),
        ids(fixture), "completed-flow.json queried by flow id");
    assertJson(Fixtures.json(Fixtures.COMPLETED_FLOW), found.get(0), "query of completed-flow.json");
  }

  @Test
  @DisplayName("getJson returns each fixture's exact bytes, and nothing for an unknown id")
  public void store_fixtures_getJsonReturnsFixtureBytes() {
    for (String name : List.of(Fixtures.COMPLETED_FLOW, Fixtures.MINIMAL_FLOW)) {
      FlowTrace fixture = Fixtures.trace(name);
      store(fixture);
      Optional<byte[]> json = storage().getJson(fixture.traceId());
      assertThat(json).as("Backend <%s>: getJson of %s", backend(), name).isPresent();
      assertThat(new String(json.get(), java.nio.charset.StandardCharsets.UTF_8))
          .as("Backend <%s>: getJson of %s", backend(), name).isEqualTo(Fixtures.json(name));
    }
    assertThat(storage().getJson(TestTraces.traceId(77))).as("Backend <%s>: getJson of an unknown id", backend()).isEmpty();
  }

  @Test
  @DisplayName("getJson agrees with get after the trace was replaced")
  public void store_replaced_getJsonAgreesWithGet() {
    FlowTrace first = TestTraces.trace(5).build();
    store(first);
    FlowTrace second = TestTraces.trace(5).status(ExecutionStatus.failed("boom")).build();
    store(second);
    assertThat(storage().getJson(second.traceId()))
        .as("Backend <%s>: getJson after a replace", backend())
        .hasValueSatisfying(b -> assertThat(b).isEqualTo(TraceJson.writeBytes(getPresent(second.traceId(), "replaced trace"))))
        .hasValueSatisfying(b -> assertThat(b).isEqualTo(TraceJson.writeBytes(second)));
  }

  @Test
  @DisplayName("The minimal in-flight fixture comes back equal, with its nulls and empty collections")
  public void store_minimalFixture_getReturnsEqualTrace() {
    FlowTrace fixture = Fixtures.trace(Fixtures.MINIMAL_FLOW);
    store(fixture);
    FlowTrace got = getPresent(fixture.traceId(), "minimal-flow.json");
    assertSameTrace(fixture, got, "get of minimal-flow.json");
    assertThat(got.endTime()).as("Backend <%s>: end_time of an in-flight trace", backend()).isNull();
  }

  @Test
  @DisplayName("The minimal fixture, stored and read back, writes the fixture's exact bytes")
  public void store_minimalFixture_getWritesByteIdenticalJson() {
    FlowTrace fixture = Fixtures.trace(Fixtures.MINIMAL_FLOW);
    store(fixture);
    assertJson(Fixtures.json(Fixtures.MINIMAL_FLOW), getPresent(fixture.traceId(), "minimal-flow.json"),
        "get of minimal-flow.json");
  }

  @Test
  @DisplayName("A trace read from the older [S] model is stored and written back in the current model")
  public void store_legacySModelTrace_getWritesCurrentModelJson() {
    FlowTrace legacy = Fixtures.trace(Fixtures.LEGACY_S_MODEL);
    store(legacy);
    FlowTrace got = getPresent(legacy.traceId(), "legacy-s-model.json");
    assertSameTrace(legacy, got, "get of legacy-s-model.json");
    assertJson(Fixtures.json(Fixtures.LEGACY_S_MODEL_EXPECTED), got, "get of legacy-s-model.json");
  }

  @Test
  @DisplayName("get of an id never stored is empty")
  public void get_unknownId_returnsEmpty() {
    store(TestTraces.trace(1).build());
    assertAbsent(TestTraces.traceId(2), "get of an id that was never stored");
    assertAbsent(TraceId.parse("00000000-0000-0000-0000-000000000000"), "get of the nil UUID");
  }

  @Test
  @DisplayName("Every event type, state diff kind, snapshot shape and metric combination round-trips")
  public void store_everyEventTypeAndPayload_roundtripsExactly() {
    TraceBuilder b = TestTraces.trace(3).noEvents().status(ExecutionStatus.failed("boom"))
        .endTime(TestTraces.at("2026-03-14T09:00:05.000000001Z"));
    for (TraceEventType.Simple type : TraceEventType.Simple.values()) {
      b.event(TestTraces.event("actor-" + type.variantName()).type(type));
    }
    b.event(TestTraces.event("reader").type(TraceEventType.dataFlow("writer", "in")).port("out")
        .message(new MessageSnapshot("Object", 73, "sha256:" + "ab".repeat(32), new byte[0], "none", 1, null))
        .metrics(new PerformanceMetrics(1_500_000L, 2048L, 12.5f, 2L, 840.25)));
    b.event(TestTraces.event("captured").type(TraceEventType.Simple.MESSAGE_SENT).port("out")
        .message(new MessageSnapshot("Integer", 28, "", new byte[] {0, 1, 127, (byte) 128, (byte) 255}, "zstd", 7, 5L))
        .metrics(PerformanceMetrics.cheap(48_000, 3)));
    b.event(TestTraces.event("legacy").type(TraceEventType.Simple.MESSAGE_RECEIVED)
        .message(MessageSnapshot.legacy("String", 12, "", new byte[0]))
        .metrics(new PerformanceMetrics(0L, 0L, 0.0f, 0L, 0.0)));
    int i = 0;
    for (StateDiffType type : StateDiffType.values()) {
      b.event(TestTraces.event("state-" + i).type(TraceEventType.Simple.STATE_CHANGED)
          .stateDiff(new StateDiff(i % 2 == 0 ? null : new byte[] {9, 8}, new byte[] {1, 2, 3}, type))
          .error(i == 1 ? "state error" : null));
      i++;
    }
    b.event(TestTraces.event("child").parent(TestTraces.eventId(1)).rootCause(TestTraces.eventId(2))
        .dependsOn(TestTraces.eventId(2), TestTraces.eventId(1)).spanId("span-text")
        .attribute("nested", JsonValue.object(Map.of("k", JsonValue.array(JsonValue.of(1), JsonValue.NULL))))
        .attribute("flag", JsonValue.TRUE));
    b.tag("team", "tck").sessionId("sess-1");
    FlowTrace trace = b.build();
    store(trace);
    assertRoundtrip(trace, getPresent(trace.traceId(), "trace with every event type"), "trace with every event type");
  }

  @Test
  @DisplayName("Two stored traces are each read back unchanged, without mixing")
  public void store_twoTraces_getReturnsEachUnchanged() {
    FlowTrace a = TestTraces.trace(10).actors("a1", "a2").tag("k", "a").build();
    FlowTrace b = TestTraces.trace(11).actors("b1").tag("k", "b").status(ExecutionStatus.CANCELLED).build();
    store(a, b);
    assertRoundtrip(a, getPresent(a.traceId(), "first of two traces"), "first of two traces");
    assertRoundtrip(b, getPresent(b.traceId(), "second of two traces"), "second of two traces");
    Optional<FlowTrace> again = storage().get(a.traceId());
    assertThat(again).as("Backend <%s>: a second get of the same id", backend()).contains(a);
    assertJson(TraceJson.write(a), again.orElseThrow(), "second get of the first trace");
  }
}
