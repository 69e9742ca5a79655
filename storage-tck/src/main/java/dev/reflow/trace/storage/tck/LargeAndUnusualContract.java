package dev.reflow.trace.storage.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflow.trace.json.TraceJson;
import dev.reflow.trace.model.ExecutionStatus;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.FlowVersion;
import dev.reflow.trace.model.JsonValue;
import dev.reflow.trace.model.MessageSnapshot;
import dev.reflow.trace.model.PerformanceMetrics;
import dev.reflow.trace.model.TraceEventType;
import dev.reflow.trace.storage.StorageStats;
import dev.reflow.trace.storage.TraceQuery;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Sizes, characters and numbers at the edges of what Reflow writes. */
public abstract class LargeAndUnusualContract extends TckContract {
  /** Emoji (a surrogate pair), Arabic (right to left), U+2028/U+2029, a combining accent, DEL. */
  protected static final String UNICODE = "\uD83D\uDE80\uD83D\uDC69\u200D\uD83D\uDCBB \u0645\u0631\u062D\u0628\u0627 \u2028\u2029 e\u0301 \u007F 漢字";
  /** Control characters, including NUL, that JSON escapes. */
  protected static final String CONTROL = "nul\u0000 bell\u0007 esc\u001B tab\t nl\n cr\r quote\" backslash\\ slash/";

  protected LargeAndUnusualContract(TraceStorageTck tck) {
    super(tck);
  }

  @Test
  @DisplayName("A trace with 10,000 events round-trips exactly and counts 10,000 events")
  public void store_traceWith10000Events_roundtripsExactly() {
    TraceBuilder b = TestTraces.trace(1).events(9_999, "reader", "transformer", "writer");
    FlowTrace trace = b.event(TestTraces.event("the-last-one").attribute("index", JsonValue.of(9_999))).build();
    assertThat(trace.events()).hasSize(10_000);
    store(trace);
    assertRoundtrip(trace, getPresent(trace.traceId(), "10,000 events"), "10,000 events");
    StorageStats stats = storage().stats();
    assertThat(stats.totalEvents()).as("Backend <%s>: total_events of one 10,000-event trace", backend()).isEqualTo(10_000);
    assertQuery(TraceQuery.builder().actorFilter("the-last-one").build(), ids(trace), "actor of event 10,000");
  }

  @Test
  @DisplayName("A 2,700-character and a 1 MB flow id and actor id are stored, read back and found exactly: "
      + "a flow id differing only in its last character or one character shorter does not match")
  public void store_megabyteFlowIdAndActorId_storedAndQueriedExactly() {
    // Past PostgreSQL's btree row limit (2,704 bytes) and its 8 KB page, with non-ASCII text at
    // both ends so that no backend can get away with a byte prefix or a truncated copy.
    String megaFlow = longText("flow-", 1_000_000, "-\uD83D\uDE80end");
    String megaActor = longText("actor-", 1_000_000, "-\u6F22\u5B57tail");
    String mediumFlow = longText("flow-", 2_700, "-end");
    FlowTrace mega = TestTraces.trace(1).flowId(megaFlow).actors(megaActor, "small-actor").build();
    FlowTrace medium = TestTraces.trace(2).flowId(mediumFlow).actors(longText("actor-", 2_700, "-m"))
        .startTime("2026-03-14T08:00:00Z").build();
    String almost = megaFlow.substring(0, megaFlow.length() - 1) + "E";
    FlowTrace twin = TestTraces.trace(3).flowId(almost).actors("twin").startTime("2026-03-14T07:00:00Z").build();
    FlowTrace shorter = TestTraces.trace(4).flowId(megaFlow.substring(0, megaFlow.length() - 1)).actors("short")
        .startTime("2026-03-14T06:00:00Z").build();
    store(mega, medium, twin, shorter);

    assertRoundtrip(mega, getPresent(mega.traceId(), "1 MB flow id and actor id"), "1 MB flow id and actor id");
    assertRoundtrip(medium, getPresent(medium.traceId(), "2,700-character flow id"), "2,700-character flow id");
    assertQuery(TraceQuery.builder().flowId(megaFlow).build(), ids(mega), "flow id filter equal to the 1 MB flow id");
    assertQuery(TraceQuery.builder().flowId(mediumFlow).build(), ids(medium), "flow id filter of 2,700 characters");
    assertQuery(TraceQuery.builder().flowId(almost).build(), ids(twin), "1 MB flow id differing in its last character");
    assertQuery(TraceQuery.builder().flowId(megaFlow + "x").build(), List.of(), "1 MB flow id plus one character");
    String tail = megaActor.substring(megaActor.length() - TraceQuery.MAX_ACTOR_FILTER_LENGTH);
    assertQuery(TraceQuery.builder().actorFilter(tail).build(), ids(mega), "the last 1,024 characters of the 1 MB actor id");
    assertQuery(TraceQuery.builder().actorFilter(megaActor.substring(500_000, 500_000 + 1_000)).flowId(megaFlow).build(),
        ids(mega), "a middle part of the 1 MB actor id and the 1 MB flow id");
    assertQuery(TraceQuery.builder().actorFilter("\u6F22\u5B57tail").build(), ids(mega), "the 1 MB actor id's end");
    assertThat(storage().stats().totalTraces()).as("Backend <%s>: traces stored", backend()).isEqualTo(4);
  }

  /**
   * {@code head}, then seeded random letters and digits up to {@code length} characters in all,
   * then {@code end}. Random, because a database may compress a long repetitive value to fit it.
   */
  private static String longText(String head, int length, String end) {
    String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    java.util.Random random = new java.util.Random(length * 31L + head.hashCode());
    StringBuilder b = new StringBuilder(length + end.length()).append(head);
    while (b.length() < length) {
      b.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return b.append(end).toString();
  }

  @Test
  @DisplayName("Emoji, right-to-left text and U+2028 survive in flow id, actor ids, tags and attributes")
  public void store_unicodeEverywhere_roundtripsByteIdentical() {
    FlowTrace trace = TestTraces.trace(1).flowId("flow " + UNICODE).userId(UNICODE).hostname(UNICODE)
        .tag("tag " + UNICODE, "value " + UNICODE)
        .event(TestTraces.event("actor " + UNICODE).port(UNICODE).error(UNICODE)
            .attribute("key " + UNICODE, JsonValue.of("value " + UNICODE))
            .attribute("nested", JsonValue.object(Map.of(UNICODE, JsonValue.array(JsonValue.of(UNICODE))))))
        .status(ExecutionStatus.failed(UNICODE)).build();
    store(trace);
    assertRoundtrip(trace, getPresent(trace.traceId(), "unicode everywhere"), "unicode everywhere");
    assertQuery(TraceQuery.builder().flowId("flow " + UNICODE).actorFilter(UNICODE).build(), ids(trace),
        "unicode flow id and actor filter");
  }

  @Test
  @DisplayName("NUL and other control characters survive in flow id, actor ids, tags, attribute keys and values")
  public void store_controlCharactersIncludingNul_roundtripByteIdentical() {
    FlowTrace trace = TestTraces.trace(1).flowId("flow\u0000" + CONTROL).tag("tag\u0000" + CONTROL, CONTROL)
        .event(TestTraces.event("actor\u0000" + CONTROL).error(CONTROL)
            .attribute("key\u0000" + CONTROL, JsonValue.of("value\u0000" + CONTROL)))
        .status(ExecutionStatus.failed(CONTROL)).build();
    store(trace);
    FlowTrace got = getPresent(trace.traceId(), "control characters");
    assertRoundtrip(trace, got, "control characters");
    assertThat(TraceJson.write(got)).as("Backend <%s>: NUL must be written as \\u0000", backend()).contains("flow\\u0000");
    assertQuery(TraceQuery.builder().flowId("flow\u0000" + CONTROL).build(), ids(trace), "flow id with NUL");
    assertQuery(TraceQuery.builder().actorFilter("actor\u0000nul\u0000").build(), ids(trace), "actor filter with NUL");
    assertQuery(TraceQuery.builder().actorFilter("actor\u0000x").build(), List.of(), "actor filter with NUL that does not match");
  }

  @Test
  @DisplayName("Attribute keys with dots, a leading $ and an empty key survive (document stores treat them specially)")
  public void store_attributeKeysWithDotsAndDollar_roundtrip() {
    Map<String, JsonValue> nested = new LinkedHashMap<>();
    nested.put("$inner", JsonValue.of(1));
    nested.put("a.b", JsonValue.of(2));
    FlowTrace trace = TestTraces.trace(1).tag("a.b", "c").tag("$tag", "d")
        .event(TestTraces.event("reader").attribute("config.batch.size", JsonValue.of(500))
            .attribute("$set", JsonValue.of("x")).attribute("$", JsonValue.of("dollar")).attribute(".", JsonValue.of("dot"))
            .attribute("x.$y", JsonValue.object(nested)).attribute("", JsonValue.of("empty key"))
            .attribute("_id", JsonValue.of("not an id")))
        .build();
    store(trace);
    assertRoundtrip(trace, getPresent(trace.traceId(), "keys with . and $"), "keys with . and $");
  }

  @Test
  @DisplayName("Map order of attributes and tags is kept as given, not sorted")
  public void store_unsortedAttributeAndTagOrder_isPreserved() {
    Map<String, JsonValue> inner = new LinkedHashMap<>();
    inner.put("zeta", JsonValue.of(1));
    inner.put("alpha", JsonValue.of(2));
    inner.put("mid", JsonValue.of(3));
    FlowTrace trace = TestTraces.trace(1).tag("zz", "1").tag("aa", "2").tag("mm", "3")
        .event(TestTraces.event("reader").attribute("z", JsonValue.of(1)).attribute("a", JsonValue.object(inner))
            .attribute("longer-key", JsonValue.of(2)).attribute("b", JsonValue.of(3)))
        .build();
    store(trace);
    FlowTrace got = getPresent(trace.traceId(), "unsorted maps");
    assertRoundtrip(trace, got, "unsorted maps");
    assertThat(TraceJson.write(got)).contains("\"tags\":{\"zz\":\"1\",\"aa\":\"2\",\"mm\":\"3\"}")
        .contains("{\"zeta\":1,\"alpha\":2,\"mid\":3}");
  }

  @Test
  @DisplayName("u64 max, 2^53+1, i64 min and u32 max integers survive exactly")
  public void store_extremeIntegers_roundtripExactly() {
    BigInteger u64Max = new BigInteger("18446744073709551615");
    FlowTrace trace = TestTraces.trace(1).processId(0xFFFF_FFFFL)
        .version(new FlowVersion(0xFFFF_FFFFL, 0, 0xFFFF_FFFFL, "abc", TestTraces.BASE_TIME))
        .event(TestTraces.event("reader")
            .attribute("u64_max", new JsonValue.JsonInteger(u64Max))
            .attribute("two53_plus_1", JsonValue.of(9_007_199_254_740_993L))
            .attribute("i64_min", JsonValue.of(Long.MIN_VALUE))
            .attribute("i64_max", JsonValue.of(Long.MAX_VALUE))
            .attribute("zero", JsonValue.of(0))
            .attribute("list", JsonValue.array(new JsonValue.JsonInteger(u64Max), JsonValue.of(-1)))
            .metrics(new PerformanceMetrics(-1L, -1L, 100.0f, Long.MIN_VALUE, 1.7976931348623157e308))
            .message(new MessageSnapshot("Big", -1L, "", new byte[0], "none", 0xFFFF_FFFFL, -1L)))
        .build();
    store(trace);
    FlowTrace got = getPresent(trace.traceId(), "extreme integers");
    assertRoundtrip(trace, got, "extreme integers");
    assertThat(TraceJson.write(got)).contains("\"u64_max\":18446744073709551615")
        .contains("\"two53_plus_1\":9007199254740993").contains("\"execution_time_ns\":18446744073709551615");
  }

  @Test
  @DisplayName("NaN and infinite floats are written as null and read back as written")
  public void store_nanAndInfiniteFloats_writeAsNull() {
    FlowTrace trace = TestTraces.trace(1)
        .event(TestTraces.event("reader").metrics(new PerformanceMetrics(1L, 2L, Float.NaN, 3L, Double.POSITIVE_INFINITY))
            .attribute("nan", JsonValue.of(Double.NaN)).attribute("neg_inf", JsonValue.of(Double.NEGATIVE_INFINITY)))
        .build();
    FlowTrace asNull = TestTraces.trace(1)
        .event(TestTraces.event("reader").metrics(new PerformanceMetrics(1L, 2L, null, 3L, null))
            .attribute("nan", JsonValue.NULL).attribute("neg_inf", JsonValue.NULL))
        .build();
    store(trace);
    FlowTrace got = getPresent(trace.traceId(), "NaN metrics");
    String written = TraceJson.write(asNull);
    assertJson(written, got, "NaN and infinite floats (written as null)");
    assertThat(written).contains("\"cpu_usage_percent\":null").contains("\"throughput_msgs_per_sec\":null")
        .contains("\"nan\":null");
  }

  @Test
  @DisplayName("Float forms serde writes (1e16, 1e-6, -0.0, 5e-324, f32 0.3) survive byte for byte")
  public void store_floatFormsInAttributesAndMetrics_roundtripByteIdentical() {
    FlowTrace trace = TestTraces.trace(1)
        .event(TestTraces.event("reader").metrics(new PerformanceMetrics(0L, 0L, 0.3f, 0L, 1e16))
            .attribute("big", JsonValue.of(1e16)).attribute("small", JsonValue.of(1e-6))
            .attribute("negzero", JsonValue.of(-0.0)).attribute("tiny", JsonValue.of(5e-324))
            .attribute("whole", JsonValue.of(100.0)).attribute("pi", JsonValue.of(3.141592653589793))
            .attribute("tenth", JsonValue.of(0.1)).attribute("huge", JsonValue.of(1.5e300)))
        .build();
    store(trace);
    assertRoundtrip(trace, getPresent(trace.traceId(), "float forms"), "float forms");
  }

  @Test
  @DisplayName("256 KiB of captured message bytes with every byte value survive exactly")
  public void store_largeSerializedData_roundtrips() {
    byte[] data = new byte[256 * 1024];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31 + (i >>> 8));
    }
    FlowTrace trace = TestTraces.trace(1)
        .event(TestTraces.event("reader").type(TraceEventType.Simple.MESSAGE_SENT).port("out")
            .message(new MessageSnapshot("Bytes", data.length, "", data, "none", 1, (long) data.length)))
        .build();
    store(trace);
    assertRoundtrip(trace, getPresent(trace.traceId(), "256 KiB serialized_data"), "256 KiB serialized_data");
  }

  @Test
  @DisplayName("Leap seconds and far-away years in event and version timestamps survive exactly")
  public void store_unusualTimestampsInEvents_roundtrip() {
    FlowTrace trace = TestTraces.trace(1)
        .version(new FlowVersion(1, 0, 0, null, TestTraces.at("0001-01-01T00:00:00Z")))
        .endTime(TestTraces.at("9999-12-31T23:59:59.999999999Z"))
        .event(TestTraces.event("leap").timestamp("2016-12-31T23:59:60.500Z"))
        .event(TestTraces.event("nanos").timestamp("2026-03-14T09:26:53.000000001Z"))
        .event(TestTraces.event("millis").timestamp("2026-03-14T09:26:53.100Z"))
        .build();
    store(trace);
    assertRoundtrip(trace, getPresent(trace.traceId(), "unusual timestamps"), "unusual timestamps");
  }

  @Test
  @DisplayName("Empty strings and empty collections survive and stay distinct from null")
  public void store_emptyStringsAndCollections_roundtrip() {
    FlowTrace trace = TestTraces.trace(1).flowId("").userId("").sessionId(null).environment("").hostname("").threadId("")
        .tag("", "").status(ExecutionStatus.failed(""))
        .event(TestTraces.event("").port("").error("").spanId("")
            .message(new MessageSnapshot("", 0, "", new byte[0], "", 0, null))
            .attribute("empty_object", JsonValue.object(Map.of())).attribute("empty_array", JsonValue.array())
            .attribute("empty_string", JsonValue.of("")))
        .build();
    store(trace);
    assertRoundtrip(trace, getPresent(trace.traceId(), "empty strings"), "empty strings");
  }
}
