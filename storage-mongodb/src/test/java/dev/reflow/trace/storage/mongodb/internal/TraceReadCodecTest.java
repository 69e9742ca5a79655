package dev.reflow.trace.storage.mongodb.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflow.trace.json.RandomTraces;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.JsonValue;
import dev.reflow.trace.model.Timestamp;
import dev.reflow.trace.model.TraceEventData;
import dev.reflow.trace.model.TraceEventType;
import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.storage.mongodb.MongoTestTraces;
import dev.reflow.trace.storage.tck.Fixtures;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.bson.BsonArray;
import org.bson.BsonBinaryReader;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDocumentReader;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonType;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The streaming read ({@link TraceDocumentCodec#read}, which the driver calls through
 * {@link TraceReadCodec}) against the decoder it replaced ({@link DocumentTraceDecoder}, which
 * builds a document tree first) as the oracle: the same traces, and for a damaged document the
 * same typed error naming the same field.
 */
class TraceReadCodecTest {
  private static final int LIMIT = TraceDocumentCodec.MONGODB_MAX_DOCUMENT_SIZE;

  @Test
  @DisplayName("Fixtures, the rich trace and 200 random traces read back equal, readable and compressed, and equal to the oracle's")
  void read_manyTraces_equalsOriginalAndOracle() {
    List<FlowTrace> traces = new ArrayList<>();
    traces.add(Fixtures.trace(Fixtures.COMPLETED_FLOW));
    traces.add(Fixtures.trace(Fixtures.MINIMAL_FLOW));
    traces.add(Fixtures.trace(Fixtures.LEGACY_S_MODEL_EXPECTED));
    traces.add(MongoTestTraces.rich());
    // BSON's own specials beside JSON's: NUL in keys and strings, $ and . in keys, our map marker.
    RandomTraces random = new RandomTraces(20_261_201L, "\u0000", ".", "$", "_pairs");
    for (int i = 0; i < 200; i++) {
      traces.add(random.trace());
    }
    for (FlowTrace t : traces) {
      FlowTrace expected = MongoTestTraces.normalized(t);
      for (long threshold : new long[] {-1, 0}) {
        RawBsonDocument doc = TraceDocumentCodec.encode(t, threshold, LIMIT).document();
        FlowTrace streamed = readBytes(doc).traceOrThrow();
        assertThat(streamed).as("trace %s, compression threshold %d", t.traceId(), threshold).isEqualTo(expected);
        assertThat(DocumentTraceDecoder.decode(doc)).as("oracle").isEqualTo(streamed);
      }
    }
  }

  @Test
  @DisplayName("Every event type (all simple variants and DataFlow) reads back as written")
  void read_everyEventType_roundTrips() {
    List<TraceEventType> types = new ArrayList<>(List.of(TraceEventType.Simple.values()));
    types.add(TraceEventType.dataFlow("to.actor", "$port"));
    types.add(TraceEventType.dataFlow("", ""));
    for (TraceEventType type : types) {
      FlowTrace t = MongoTestTraces.minimal(TraceId.random(), "f", Timestamp.parse("2026-01-01T00:00:00Z"))
          .withEvents(List.of(MongoTestTraces.event("a", type, TraceEventData.empty())));
      RawBsonDocument doc = TraceDocumentCodec.encode(t, -1, LIMIT).document();
      assertThat(readBytes(doc).traceOrThrow().events().get(0).eventType()).as("%s", type).isEqualTo(type);
    }
  }

  @Test
  @DisplayName("Edge values: u64 max as Decimal128, i64 min, every nanosecond, leap seconds, empty bytes and maps read back exactly")
  void read_edgeValues_exact() {
    FlowTrace rich = MongoTestTraces.rich();
    FlowTrace back = readBytes(TraceDocumentCodec.encode(rich, -1, LIMIT).document()).traceOrThrow();
    assertThat(back.events().get(2).data().performanceMetrics().executionTimeNs()).isEqualTo(MongoTestTraces.U64_MAX_BITS);
    assertThat(back.events().get(0).data().customAttributes().get("u64max"))
        .isEqualTo(new JsonValue.JsonInteger(MongoTestTraces.U64_MAX));
    assertThat(back.events().get(0).data().customAttributes().get("i64min")).isEqualTo(JsonValue.of(Long.MIN_VALUE));
    assertThat(back.events().get(0).data().customAttributes().keySet()).as("member order kept through {_pairs}")
        .containsExactlyElementsOf(rich.events().get(0).data().customAttributes().keySet());
    assertThat(back.events().get(2).timestamp()).isEqualTo(Timestamp.parse("2026-03-14T09:26:53.589793238Z"));
    assertThat(back.events().get(3).timestamp()).isEqualTo(Timestamp.parse("2016-12-31T23:59:60.500Z"));
    assertThat(back.events().get(5).data().stateDiff().before()).isEmpty();
    assertThat(back.metadata().tags()).containsExactlyEntriesOf(rich.metadata().tags());
  }

  @Test
  @DisplayName("Fields in any order, unknown fields, and a missing optional field read as the oracle reads them")
  void read_reorderedAndUnknownFields_sameAsOracle() {
    FlowTrace rich = MongoTestTraces.rich();
    BsonDocument doc = tree(rich);
    forEachDocument(doc, d -> {
      List<Map.Entry<String, BsonValue>> entries = new ArrayList<>(d.entrySet());
      Collections.reverse(entries);
      d.clear();
      entries.forEach(e -> d.put(e.getKey(), e.getValue()));
      d.put("added_by_a_later_version", new BsonString("ignored"));
    });
    FlowTrace expected = MongoTestTraces.normalized(rich);
    assertThat(DocumentTraceDecoder.decode(doc)).as("oracle").isEqualTo(expected);
    assertThat(readBytes(raw(doc)).traceOrThrow()).isEqualTo(expected);
    assertThat(TraceDocumentCodec.read(new BsonDocumentReader(doc)).traceOrThrow()).as("tree reader").isEqualTo(expected);

    BsonDocument noAttributes = tree(MongoTestTraces.rich());
    event(noAttributes, 0).getDocument("data").remove("custom_attributes");
    assertThat(readBytes(raw(noAttributes)).traceOrThrow().events().get(0).data().customAttributes()).isEmpty();
  }

  @Test
  @DisplayName("Every field removed, nulled or given a wrong type: the same outcome as the oracle, the error naming the same field")
  void read_everySingleFault_sameOutcomeAsOracle() {
    BsonDocument original = tree(MongoTestTraces.rich());
    List<List<Object>> paths = new ArrayList<>();
    collectPaths(original, new ArrayList<>(), paths);
    assertThat(paths).as("paths in the rich document").hasSizeGreaterThan(200);
    int failures = 0;
    for (List<Object> path : paths) {
      for (BsonValue replacement : replacementsFor(get(original, path))) {
        BsonDocument damaged = original.clone();
        set(damaged, path, replacement);
        failures += compareWithOracle(damaged, path + " = " + replacement) ? 0 : 1;
      }
      BsonDocument removed = original.clone();
      set(removed, path, null);
      failures += compareWithOracle(removed, path + " removed") ? 0 : 1;
    }
    assertThat(failures).as("faults that fail to read (so the comparison tests errors too)").isGreaterThan(300);
  }

  @Test
  @DisplayName("A damaged document in the middle of a reply leaves the reader after it: the next document still reads")
  void read_damagedDocumentInBatch_readerContinues() {
    FlowTrace first = MongoTestTraces.rich();
    FlowTrace last = MongoTestTraces.minimal(TraceId.random(), "last", Timestamp.parse("2026-01-01T00:00:00Z"));
    BsonDocument damaged = tree(MongoTestTraces.rich());
    event(damaged, 4).getDocument("data").getDocument("performance_metrics").put("queue_depth", new BsonString("deep"));
    BsonDocument batch = new BsonDocument("firstBatch", new BsonArray(List.of(
        tree(first), damaged, TraceDocumentCodec.encode(last, 0, LIMIT).document())));

    List<TraceRead> reads = new ArrayList<>();
    try (BsonBinaryReader r = new BsonBinaryReader(raw(batch).getByteBuffer().asNIO())) {
      r.readStartDocument();
      r.readName("firstBatch");
      r.readStartArray();
      while (r.readBsonType() != BsonType.END_OF_DOCUMENT) {
        reads.add(new TraceReadCodec().decode(r, org.bson.codecs.DecoderContext.builder().build()));
      }
      r.readEndArray();
      r.readEndDocument();
    }

    assertThat(reads).hasSize(3);
    assertThat(reads.get(0).traceOrThrow()).isEqualTo(MongoTestTraces.normalized(first));
    assertThat(reads.get(1).id()).isEqualTo("36404882-85bd-4206-817e-b217fb4f7500");
    assertThat(reads.get(1).error()).isInstanceOf(CorruptDocumentException.class)
        .hasMessage("trace.events[4].data.performance_metrics.queue_depth: expected an unsigned integer, got STRING");
    assertThat(reads.get(2).traceOrThrow()).isEqualTo(last);
  }

  @Test
  @DisplayName("A malformed id, out-of-range integers and a non-integral Decimal128 are refused naming the field")
  void read_badValues_nameTheField() {
    BsonDocument doc = tree(MongoTestTraces.rich());
    event(doc, 1).put("event_id", new BsonString("not-a-uuid"));
    assertThat(readBytes(raw(doc)).error()).hasMessageStartingWith("trace.events[1].event_id: ")
        .hasMessageContaining("not-a-uuid");

    BsonDocument negative = tree(MongoTestTraces.rich());
    negative.getDocument("trace").getDocument("version").put("major", new BsonInt64(-1));
    assertThat(readBytes(raw(negative)).error()).hasMessage("trace.version.major: integer outside the u64 range: -1");

    BsonDocument tooBig = tree(MongoTestTraces.rich());
    tooBig.getDocument("trace").getDocument("metadata").put("process_id", new BsonInt64(1L << 32));
    assertThat(readBytes(raw(tooBig)).error()).hasMessage("trace.metadata.process_id: outside the u32 range: 4294967296");

    BsonDocument fraction = tree(MongoTestTraces.rich());
    event(fraction, 2).getDocument("data").getDocument("message")
        .put("size_bytes", new BsonDecimal128(new Decimal128(new BigDecimal("1.5"))));
    assertThat(readBytes(raw(fraction)).error())
        .hasMessage("trace.events[2].data.message.size_bytes: expected an integral Decimal128, got 1.5");
  }

  @Test
  @DisplayName("A compressed trace that is not BSON after decompression is refused naming trace_zstd")
  void read_compressedGarbage_namesTraceZstd() {
    BsonDocument doc = tree(MongoTestTraces.rich());
    doc.remove("trace");
    doc.put("trace_codec", new BsonString(TraceDocumentCodec.CODEC_ZSTD_BSON));
    doc.put("trace_zstd", new org.bson.BsonBinary(dev.reflow.trace.storage.spi.TraceDocuments.compress(new byte[] {1, 2, 3})));
    TraceRead read = readBytes(raw(doc));
    assertThat(read.error()).isInstanceOf(CorruptDocumentException.class);
    assertThat(read.error().path()).isEqualTo("trace_zstd");
  }

  // ---- the oracle comparison ---------------------------------------------------------------------

  /** True when the document reads; asserts the oracle agrees either way. */
  private static boolean compareWithOracle(BsonDocument doc, String what) {
    FlowTrace expected = null;
    CorruptDocumentException expectedError = null;
    try {
      expected = DocumentTraceDecoder.decode(doc);
    } catch (CorruptDocumentException e) {
      expectedError = e;
    }
    TraceRead read = readBytes(raw(doc));
    if (expectedError == null) {
      assertThat(read.error()).as("%s: the oracle reads it", what).isNull();
      assertThat(read.trace()).as(what).isEqualTo(expected);
      return true;
    }
    assertThat(read.error()).as("%s: the oracle refuses it with %s", what, expectedError.getMessage()).isNotNull();
    if (!read.error().getMessage().equals(expectedError.getMessage())) {
      // Where the oracle blamed the whole trace for a value a model type refused (an id that is
      // not a UUID), the streaming read names the field inside it, with the same reason.
      String reason = expectedError.getMessage().substring(expectedError.path().length() + 2);
      assertThat(read.error().path()).as("%s: path", what).startsWith(expectedError.path() + ".");
      assertThat(read.error().getMessage()).as("%s: reason", what).endsWith(": " + reason);
    }
    return false;
  }

  /** Values that replace one field: a wrong type, null, and for integers a negative and a fraction. */
  private static List<BsonValue> replacementsFor(BsonValue v) {
    List<BsonValue> out = new ArrayList<>();
    out.add(v.isString() ? new BsonInt32(7) : new BsonString("x"));
    out.add(BsonNull.VALUE);
    if (v.isDocument() || v.isArray()) {
      out.add(new BsonDocument());
      out.add(new BsonArray());
    }
    if (v.isNumber() || v.isDecimal128()) {
      out.add(new BsonInt32(-1));
      out.add(new BsonDecimal128(new Decimal128(new BigDecimal("2.5"))));
      out.add(new BsonDecimal128(new Decimal128(new BigDecimal(BigInteger.ONE.shiftLeft(64)))));
    }
    if (v.isString()) {
      out.add(new BsonString(""));
    }
    return out;
  }

  /** Every field and array element under {@code trace}, as a list of names and indexes. */
  private static void collectPaths(BsonValue v, List<Object> at, List<List<Object>> out) {
    if (v.isDocument()) {
      for (Map.Entry<String, BsonValue> e : v.asDocument().entrySet()) {
        List<Object> p = new ArrayList<>(at);
        p.add(e.getKey());
        out.add(p);
        collectPaths(e.getValue(), p, out);
      }
    } else if (v.isArray()) {
      for (int i = 0; i < v.asArray().size(); i++) {
        List<Object> p = new ArrayList<>(at);
        p.add(i);
        out.add(p);
        collectPaths(v.asArray().get(i), p, out);
      }
    }
  }

  private static BsonValue get(BsonValue root, List<Object> path) {
    BsonValue v = root;
    for (Object step : path) {
      v = step instanceof String name ? v.asDocument().get(name) : v.asArray().get((Integer) step);
    }
    return v;
  }

  /** Sets (or with null removes) the value at the path, in a deep copy's own containers. */
  private static void set(BsonDocument root, List<Object> path, BsonValue value) {
    BsonValue parent = get(root, path.subList(0, path.size() - 1));
    Object last = path.get(path.size() - 1);
    if (last instanceof String name) {
      if (value == null) {
        parent.asDocument().remove(name);
      } else {
        parent.asDocument().put(name, value);
      }
    } else if (value == null) {
      parent.asArray().remove((int) (Integer) last);
    } else {
      parent.asArray().set((Integer) last, value);
    }
  }

  /** Every document of the layout, not those holding user data (maps, whose order is data). */
  private static void forEachDocument(BsonValue v, Consumer<BsonDocument> action) {
    if (v.isDocument()) {
      for (Map.Entry<String, BsonValue> e : v.asDocument().entrySet()) {
        if (!e.getKey().equals("custom_attributes") && !e.getKey().equals("tags")) {
          forEachDocument(e.getValue(), action);
        }
      }
      action.accept(v.asDocument());
    } else if (v.isArray()) {
      v.asArray().forEach(child -> forEachDocument(child, action));
    }
  }

  private static BsonDocument event(BsonDocument doc, int i) {
    return doc.getDocument("trace").getArray("events").get(i).asDocument();
  }

  /** The stored document of a trace as a tree to edit (deep: clone() copies every level). */
  private static BsonDocument tree(FlowTrace t) {
    return TraceDocumentCodec.encode(t, -1, LIMIT).document().decode(new BsonDocumentCodec());
  }

  private static RawBsonDocument raw(BsonDocument doc) {
    return new RawBsonDocument(doc, new BsonDocumentCodec());
  }

  /** Reads as the driver does: a binary reader over the document's bytes. */
  private static TraceRead readBytes(RawBsonDocument doc) {
    ByteBuffer bytes = doc.getByteBuffer().asNIO();
    try (BsonBinaryReader r = new BsonBinaryReader(bytes)) {
      TraceRead read = TraceDocumentCodec.read(r);
      assertThat(bytes.hasRemaining()).as("bytes left after the document").isFalse();
      return read;
    }
  }
}
