package dev.reflow.trace.storage.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.storage.TraceQuery;
import java.time.Instant;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Invalid queries never reach a backend: building them fails with a message naming the problem.
 * Extreme but valid paging values must not overflow in the backend, and filters at their length
 * cap must run. Null arguments fail the same way on every backend.
 */
public abstract class InvalidQueriesContract extends TckContract {
  protected InvalidQueriesContract(TraceStorageTck tck) {
    super(tck);
  }

  @Test
  @DisplayName("A negative limit is rejected when the query is built")
  public void build_negativeLimit_throwsIllegalArgument() {
    assertThatThrownBy(() -> TraceQuery.builder().limit(-1).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit").hasMessageContaining("-1");
  }

  @Test
  @DisplayName("A negative offset is rejected when the query is built")
  public void build_negativeOffset_throwsIllegalArgument() {
    assertThatThrownBy(() -> TraceQuery.builder().offset(-5).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("offset").hasMessageContaining("-5");
  }

  @Test
  @DisplayName("A time range whose start is after its end is rejected when the query is built")
  public void build_invertedTimeRange_throwsIllegalArgument() {
    Instant from = Instant.parse("2026-03-15T00:00:00Z");
    Instant to = Instant.parse("2026-03-14T00:00:00Z");
    assertThatThrownBy(() -> TraceQuery.builder().timeRange(from, to).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(from.toString());
  }

  @ParameterizedTest(name = "filter {0}")
  @ValueSource(strings = {"\uD83D", "a\uD83Db", "\uDE80", "x\uDE80\uD83D", "\uD83D\uDE80\uDE80"})
  @DisplayName("A flow id or actor filter holding an unpaired surrogate is not text and is rejected when the query is "
      + "built, so no backend turns it into '?' or matches half a character")
  public void build_unpairedSurrogateInFilter_throwsIllegalArgument(String filter) {
    assertThatThrownBy(() -> TraceQuery.builder().actorFilter(filter).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("actor filter holds an unpaired surrogate");
    assertThatThrownBy(() -> TraceQuery.builder().flowId(filter).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("flow id filter holds an unpaired surrogate");
  }

  @Test
  @DisplayName("A whole surrogate pair in a filter is text: the query finds the emoji, and '?' does not stand in for it")
  public void query_surrogatePairFilter_matchesOnlyTheCharacter() {
    FlowTrace rocket = TestTraces.trace(1).flowId("launch-\uD83D\uDE80").actors("pad-\uD83D\uDE80").build();
    FlowTrace question = TestTraces.trace(2).flowId("launch-?").actors("pad-?").startTime("2026-03-14T08:00:00Z").build();
    store(rocket, question);
    assertQuery(TraceQuery.builder().actorFilter("\uD83D\uDE80").build(), ids(rocket), "actor filter one emoji");
    assertQuery(TraceQuery.builder().flowId("launch-\uD83D\uDE80").build(), ids(rocket), "flow id with an emoji");
    assertQuery(TraceQuery.builder().actorFilter("-?").build(), ids(question), "actor filter '-?'");
  }

  @Test
  @DisplayName("An actor filter of MAX_ACTOR_FILTER_LENGTH characters (emoji counted once) runs and matches "
      + "literally; one character more is rejected when built")
  public void query_actorFilterAtLengthCap_runsAndLongerIsRejected() {
    int max = TraceQuery.MAX_ACTOR_FILTER_LENGTH;
    // 3 x max characters, every third one an emoji (two UTF-16 units), so that the filter's
    // length in String.length() is well above the cap while its character count is exactly it.
    StringBuilder actor = new StringBuilder();
    for (int i = 0; i < 3 * max; i++) {
      actor.append(i % 3 == 0 ? "\uD83D\uDE80" : String.valueOf((char) ('a' + i % 26)));
    }
    String id = actor.toString();
    int from = id.offsetByCodePoints(0, max / 2);
    String filter = id.substring(from, id.offsetByCodePoints(from, max));
    FlowTrace trace = TestTraces.trace(1).actors(id).build();
    FlowTrace other = TestTraces.trace(2).actors(id.substring(0, from) + "#").startTime("2026-03-14T08:00:00Z").build();
    store(trace, other);

    assertThat(filter.codePointCount(0, filter.length())).isEqualTo(max);
    assertThat(filter.length()).isGreaterThan(max);
    assertQuery(TraceQuery.builder().actorFilter(filter).build(), ids(trace), "actor filter of exactly the maximum length");
    String longer = id.substring(from, id.offsetByCodePoints(from, max + 1));
    assertThatThrownBy(() -> TraceQuery.builder().actorFilter(longer).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("actor filter is " + (max + 1) + " characters long; at most " + max
            + " are allowed (TraceQuery.MAX_ACTOR_FILTER_LENGTH)");
  }

  @Test
  @DisplayName("A flow id filter longer than MAX_FLOW_ID_FILTER_LENGTH is rejected when built, without echoing it")
  public void build_flowIdFilterOverCap_throwsIllegalArgument() {
    String huge = "f".repeat(TraceQuery.MAX_FLOW_ID_FILTER_LENGTH + 1);
    assertThatThrownBy(() -> TraceQuery.builder().flowId(huge).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("flow id filter is " + (TraceQuery.MAX_FLOW_ID_FILTER_LENGTH + 1) + " characters long; at most "
            + TraceQuery.MAX_FLOW_ID_FILTER_LENGTH + " are allowed (TraceQuery.MAX_FLOW_ID_FILTER_LENGTH)");
    assertThat(TraceQuery.builder().flowId(huge.substring(1)).build().flowId().value()).hasSize(TraceQuery.MAX_FLOW_ID_FILTER_LENGTH);
  }

  @Test
  @DisplayName("A null argument to any method fails with NullPointerException naming the parameter, and changes nothing")
  public void nullArguments_everyMethod_nullPointerExceptionNamingParameter() {
    FlowTrace existing = TestTraces.trace(1).build();
    store(existing);
    List<NullCall> calls = List.of(
        new NullCall("store", "trace", () -> storage().store(null)),
        new NullCall("storeAll", "traces", () -> storage().storeAll(null)),
        new NullCall("get", "traceId", () -> storage().get(null)),
        new NullCall("getJson", "traceId", () -> storage().getJson(null)),
        new NullCall("query", "query", () -> storage().query(null)),
        new NullCall("delete", "traceId", () -> storage().delete(null)),
        new NullCall("deleteOlderThan", "cutoff", () -> storage().deleteOlderThan(null)));
    for (NullCall call : calls) {
      assertThatThrownBy(call.call())
          .as("Backend <%s>: %s(null)", backend(), call.method())
          .isExactlyInstanceOf(NullPointerException.class)
          .hasMessageContaining(call.parameter());
    }
    assertQuery(TraceQuery.all(), List.of(existing.traceId()), "after calls with null arguments");
  }

  private record NullCall(String method, String parameter, ThrowingCallable call) {}

  @Test
  @DisplayName("The largest limit and offset are accepted and do not overflow in the backend")
  public void query_maximalLimitAndOffset_handledWithoutOverflow() {
    store(TestTraces.many(3, 1));
    assertQuery(TraceQuery.builder().limit(Integer.MAX_VALUE).offset(Integer.MAX_VALUE).build(), List.of(),
        "three traces, limit and offset Integer.MAX_VALUE");
    assertThat(storage().query(TraceQuery.builder().limit(Integer.MAX_VALUE).build())).hasSize(3);
  }
}
