package dev.reflow.trace.storage.tck;

import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.JsonValue;
import dev.reflow.trace.model.TraceEventType;
import dev.reflow.trace.storage.TraceQuery;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The actor filter matches a trace when at least one event's actor_id contains the text: a
 * case-sensitive, literal substring. SQL LIKE wildcards, escape characters and regular-expression
 * syntax have no meaning.
 */
public abstract class ActorFilterContract extends TckContract {
  protected ActorFilterContract(TraceStorageTck tck) {
    super(tck);
  }

  @ParameterizedTest(name = "actor filter \"pre{0}post\"")
  @ValueSource(strings = {"%", "_", "\\", ".", "*", "$", "[", "]", "(", ")", "^", "+", "?", "|", "{", "}", "'",
      "\"", ".*", "%_", "\\E", "\\Q", "[a-z]", "\\%", "\\_", "\\\\"})
  @DisplayName("Special characters in the actor filter match literally")
  public void query_actorFilterWithSpecialCharacters_matchesLiterally(String special) {
    FlowTrace literal = TestTraces.trace(1).actors("pre" + special + "post").build();
    FlowTrace oneOther = TestTraces.trace(2).actors("preXpost").startTime("2026-03-14T08:00:00Z").build();
    FlowTrace none = TestTraces.trace(3).actors("prepost").startTime("2026-03-14T07:00:00Z").build();
    FlowTrace several = TestTraces.trace(4).actors("preXYZpost").startTime("2026-03-14T06:00:00Z").build();
    FlowTrace lower = TestTraces.trace(5).actors("prEapost", "pre\\post", "pre%post", "pre_post").startTime("2026-03-14T05:00:00Z").build();
    if (lower.hasActorContaining("pre" + special + "post")) {
      // the decoy happens to contain the literal text itself; store it without that actor
      lower = TestTraces.trace(5).actors("prEapost").startTime("2026-03-14T05:00:00Z").build();
    }
    store(literal, oneOther, none, several, lower);
    assertQuery(TraceQuery.builder().actorFilter("pre" + special + "post").build(), ids(literal),
        "actors pre" + special + "post, preXpost, prepost, preXYZpost and (where not equal to the filter) prEapost, pre\\post, pre%post, pre_post");
  }

  @Test
  @DisplayName("The actor filter is case-sensitive: Reader does not match reader")
  public void query_actorFilterDifferentCase_doesNotMatch() {
    FlowTrace lower = TestTraces.trace(1).actors("reader").build();
    FlowTrace upper = TestTraces.trace(2).actors("READER").startTime("2026-03-14T08:00:00Z").build();
    store(lower, upper);
    assertQuery(TraceQuery.builder().actorFilter("Reader").build(), List.of(), "actors reader and READER, filter Reader");
    assertQuery(TraceQuery.builder().actorFilter("reader").build(), ids(lower), "actors reader and READER, filter reader");
    assertQuery(TraceQuery.builder().actorFilter("EAD").build(), ids(upper), "actors reader and READER, filter EAD");
  }

  @Test
  @DisplayName("Case-sensitivity also holds beyond ASCII: Émile does not match émile")
  public void query_actorFilterNonAsciiCase_doesNotMatch() {
    FlowTrace lower = TestTraces.trace(1).actors("émile-ß").build();
    store(lower);
    assertQuery(TraceQuery.builder().actorFilter("Émile").build(), List.of(), "actor émile-ß, filter Émile");
    assertQuery(TraceQuery.builder().actorFilter("SS").build(), List.of(), "actor émile-ß, filter SS");
    assertQuery(TraceQuery.builder().actorFilter("émile").build(), ids(lower), "actor émile-ß, filter émile");
  }

  @Test
  @DisplayName("The filter matches a prefix, a middle part, a suffix and the whole actor id")
  public void query_actorFilterSubstring_matchesAnyPosition() {
    FlowTrace trace = TestTraces.trace(1).actors("order_transformer_v2").build();
    store(trace);
    for (String part : List.of("order", "transformer", "_v2", "order_transformer_v2", "r_t")) {
      assertQuery(TraceQuery.builder().actorFilter(part).build(), ids(trace), "actor order_transformer_v2, filter " + part);
    }
    assertQuery(TraceQuery.builder().actorFilter("order_transformer_v2_").build(), List.of(), "filter longer than the actor id");
  }

  @Test
  @DisplayName("A trace matches when only a late event has the actor")
  public void query_actorFilterMatchingLaterEvent_matchesTrace() {
    TraceBuilder b = TestTraces.trace(1).events(59, "reader", "writer");
    FlowTrace trace = b.event(TestTraces.event("rare-sink")).build();
    store(trace);
    assertQuery(TraceQuery.builder().actorFilter("rare-sink").build(), ids(trace), "actor only in event 60 of 60");
  }

  @Test
  @DisplayName("A trace with several matching events is returned once")
  public void query_actorFilterMatchingSeveralEvents_returnsTraceOnce() {
    FlowTrace trace = TestTraces.trace(1).events(40, "reader-1", "reader-2").build();
    FlowTrace other = TestTraces.trace(2).actors("reader-3").startTime("2026-03-14T08:00:00Z").build();
    store(trace, other);
    assertQuery(TraceQuery.builder().actorFilter("reader").build(), ids(trace, other), "40 matching events in one trace");
    assertQuery(TraceQuery.builder().actorFilter("reader").limit(1).offset(1).build(), ids(other),
        "40 matching events in one trace, second page of size 1");
  }

  @Test
  @DisplayName("A trace without events never matches an actor filter, not even the empty one")
  public void query_actorFilterOnTraceWithoutEvents_excludesIt() {
    FlowTrace empty = TestTraces.trace(1).noEvents().build();
    FlowTrace withEvents = TestTraces.trace(2).actors("a").startTime("2026-03-14T08:00:00Z").build();
    store(empty, withEvents);
    assertQuery(TraceQuery.builder().actorFilter("a").build(), ids(withEvents), "trace without events, filter a");
    assertQuery(TraceQuery.builder().actorFilter("").build(), ids(withEvents), "trace without events, empty filter");
  }

  @Test
  @DisplayName("Text in ports, to_actor, attributes or the flow id does not count as an actor")
  public void query_actorFilterTextOutsideActorIds_doesNotMatch() {
    FlowTrace trace = TestTraces.trace(1).flowId("needle-flow").tag("needle", "needle")
        .event(TestTraces.event("reader").type(TraceEventType.dataFlow("needle-target", "needle-port")).port("needle-out")
            .error("needle error").attribute("needle", JsonValue.of("needle")))
        .build();
    store(trace);
    assertQuery(TraceQuery.builder().actorFilter("needle").build(), List.of(), "'needle' everywhere except in actor ids");
  }

  @Test
  @DisplayName("Emoji, right-to-left text and U+2028 in actor ids match literally")
  public void query_actorFilterUnicode_matchesLiterally() {
    FlowTrace trace = TestTraces.trace(1).actors("源-\uD83D\uDE80-\u0645\u0631\u062D\u0628\u0627\u2028x").build();
    FlowTrace other = TestTraces.trace(2).actors("源-\uD83D\uDE81").startTime("2026-03-14T08:00:00Z").build();
    store(trace, other);
    assertQuery(TraceQuery.builder().actorFilter("\uD83D\uDE80").build(), ids(trace), "filter by one emoji");
    assertQuery(TraceQuery.builder().actorFilter("\u0645\u0631\u062D\u0628\u0627\u2028").build(), ids(trace), "filter RTL + U+2028");
    assertQuery(TraceQuery.builder().actorFilter("源-").build(), ids(trace, other), "filter CJK prefix");
  }
}
