package dev.reflow.trace.storage.mongodb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.Timestamp;
import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.storage.mongodb.MongoTestTraces;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonType;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TraceDocumentCodecTest {

  private static final int LIMIT = TraceDocumentCodec.MONGODB_MAX_DOCUMENT_SIZE;

  @Test
  @DisplayName("Every field, including u64 max, dotted/$/NUL keys, f32, leap seconds and NUL strings, decodes to the same trace")
  void encode_richTrace_decodesToEqualTrace() {
    FlowTrace trace = MongoTestTraces.rich();
    TraceDocumentCodec.Encoded encoded = TraceDocumentCodec.encode(trace, -1, LIMIT);

    assertThat(encoded.compressed()).as("a small trace is stored readable").isFalse();
    // Through raw bytes, as the server would hand it back.
    FlowTrace back = decode(new RawBsonDocument(encoded.document().getByteBuffer().array()));
    assertThat(back).as("decoded trace").isEqualTo(MongoTestTraces.normalized(trace));
  }

  @Test
  @DisplayName("Top-level fields hold what the indexes and filters need")
  void encode_richTrace_writesFilterFields() {
    FlowTrace trace = MongoTestTraces.rich();
    BsonDocument doc = TraceDocumentCodec.encode(trace, -1, LIMIT).document();

    assertThat(doc.getString("_id").getValue()).isEqualTo("36404882-85bd-4206-817e-b217fb4f7500");
    assertThat(doc.getString("flow_id").getValue()).isEqualTo("order.ingest$pipeline");
    assertThat(doc.getString("status").getValue()).isEqualTo("Failed");
    assertThat(doc.getInt64("start_us").getValue()).isEqualTo(trace.startTime().epochMicros());
    assertThat(doc.getDateTime("start_time").getValue()).isEqualTo(trace.startTime().epochMicros() / 1000);
    assertThat(doc.getInt32("event_count").getValue()).isEqualTo(6);
    assertThat(doc.getArray("actors").getValues()).extracting(v -> v.asString().getValue())
        .containsExactly("source.actor", "$sink", "nul\u0000actor", "emoji 🚀 actor");
    assertThat(doc.getDocument("trace").getArray("events")).hasSize(6);
  }

  @Test
  @DisplayName("u64 max is a Decimal128 and small integers stay Int32, never doubles")
  void encode_unsignedAboveLongMax_usesDecimal128() {
    BsonDocument doc = TraceDocumentCodec.encode(MongoTestTraces.rich(), -1, LIMIT).document();
    BsonDocument metrics = doc.getDocument("trace").getArray("events").get(2).asDocument()
        .getDocument("data").getDocument("performance_metrics");
    assertThat(metrics.get("execution_time_ns").getBsonType()).isEqualTo(BsonType.DECIMAL128);
    assertThat(metrics.get("execution_time_ns").asDecimal128().getValue().toString()).isEqualTo("18446744073709551615");
    assertThat(metrics.get("memory_usage_bytes").getBsonType()).isEqualTo(BsonType.INT64);
    assertThat(metrics.get("cpu_usage_percent").asDouble().getValue()).isEqualTo(12.5);
  }

  @Test
  @DisplayName("Maps with plain keys stay sub-documents; a dotted, $, NUL or empty key switches that map to {_pairs}")
  void encode_unsafeKeys_useOrderedPairs() {
    BsonDocument doc = TraceDocumentCodec.encode(MongoTestTraces.rich(), -1, LIMIT).document();
    BsonDocument attrs = doc.getDocument("trace").getArray("events").get(0).asDocument()
        .getDocument("data").getDocument("custom_attributes");
    assertThat(attrs.keySet()).containsExactly("_pairs");
    assertThat(attrs.getArray("_pairs").get(0).asDocument().getString("k").getValue()).isEqualTo("http.status");
    BsonDocument plain = attrs.getArray("_pairs").get(15).asDocument().getDocument("v");
    assertThat(plain.keySet()).as("plain nested object").containsExactly("zeta", "alpha");
    BsonDocument tags = doc.getDocument("trace").getDocument("metadata").getDocument("tags");
    assertThat(tags.keySet()).containsExactly("_pairs");
  }

  @Test
  @DisplayName("A trace whose readable document is too large is stored zstd-compressed and decodes the same")
  void encode_overLimit_compresses() {
    FlowTrace big = bigTrace(TraceId.random(), 3_000_000);
    int readableSize = TraceDocumentCodec.encode(big, -1, Integer.MAX_VALUE).documentSize();

    TraceDocumentCodec.Encoded encoded = TraceDocumentCodec.encode(big, -1, readableSize - 1);

    assertThat(encoded.compressed()).isTrue();
    assertThat(encoded.document().getString("trace_codec").getValue()).isEqualTo("zstd+bson");
    assertThat(encoded.document().containsKey("trace")).isFalse();
    assertThat(encoded.documentSize()).isLessThan(readableSize);
    assertThat(decode(encoded.document())).isEqualTo(big);
  }

  @Test
  @DisplayName("compression_threshold compresses traces above it even when they would fit")
  void encode_aboveThreshold_compresses() {
    FlowTrace trace = MongoTestTraces.rich();
    assertThat(TraceDocumentCodec.encode(trace, 100, LIMIT).compressed()).isTrue();
    assertThat(TraceDocumentCodec.encode(trace, 1_000_000, LIMIT).compressed()).isFalse();
  }

  @Test
  @DisplayName("A trace that does not fit even compressed fails, naming its size and the limit")
  void encode_tooLargeEvenCompressed_failsNamingSizes() {
    FlowTrace big = bigTrace(TraceId.parse("00000000-0000-4000-8000-0000000000aa"), 200_000);
    assertThatThrownBy(() -> TraceDocumentCodec.encode(big, -1, 1000))
        .isInstanceOf(TraceDocumentCodec.DocumentTooLargeException.class)
        .hasMessageContaining("00000000-0000-4000-8000-0000000000aa")
        .hasMessageContaining("limit (maxBsonObjectSize) is 1000 bytes")
        .hasMessageMatching(".*: \\d+ bytes as BSON, \\d+ bytes as a zstd-compressed document.*");
  }

  @Test
  @DisplayName("A document from a newer layout or with an unknown codec is refused with the field named")
  void decode_unknownLayout_fails() {
    BsonDocument doc = mutable(TraceDocumentCodec.encode(MongoTestTraces.rich(), -1, LIMIT).document());
    doc.put("schema", new org.bson.BsonInt32(99));
    assertThatThrownBy(() -> decode(doc)).isInstanceOf(CorruptDocumentException.class)
        .hasMessageContaining("newer");
    BsonDocument codec = mutable(TraceDocumentCodec.encode(MongoTestTraces.rich(), -1, LIMIT).document());
    codec.put("trace_codec", new BsonString("lz4"));
    assertThatThrownBy(() -> decode(codec)).hasMessageContaining("unknown codec");
    BsonDocument broken = mutable(TraceDocumentCodec.encode(MongoTestTraces.rich(), -1, LIMIT).document());
    broken.getDocument("trace").getArray("events").get(1).asDocument().put("timestamp", new BsonString("yesterday"));
    assertThatThrownBy(() -> decode(broken)).isInstanceOf(CorruptDocumentException.class)
        .hasMessageContaining("trace.events[1].timestamp")
        .hasMessageContaining("yesterday");
  }

  @Test
  @DisplayName("Timestamps at the edges of chrono's range keep every nanosecond")
  void encode_edgeTimestamps_roundTrip() {
    for (String text : List.of("2016-12-31T23:59:60.999999999Z", "-0001-01-01T00:00:00Z", "+99999-12-31T23:59:59.999999999Z",
        "1969-12-31T23:59:59.999999999Z", "1970-01-01T00:00:00.000001Z")) {
      Timestamp ts = Timestamp.parse(text);
      FlowTrace t = MongoTestTraces.minimal(TraceId.random(), "f", ts);
      FlowTrace back = decode(TraceDocumentCodec.encode(t, -1, LIMIT).document());
      assertThat(back.startTime()).as("start time %s", text).isEqualTo(ts);
      assertThat(back).isEqualTo(t);
    }
  }

  /** The trace {@link TraceDocumentCodec#read} reads from a document, as the driver would hand it over. */
  static FlowTrace decode(BsonDocument doc) {
    return read(doc).traceOrThrow();
  }

  /** Reads raw bytes with the binary reader the driver uses, and a tree with a tree reader. */
  static TraceRead read(BsonDocument doc) {
    org.bson.BsonReader reader = doc instanceof RawBsonDocument raw
        ? new org.bson.BsonBinaryReader(raw.getByteBuffer().asNIO())
        : new org.bson.BsonDocumentReader(doc);
    return TraceDocumentCodec.read(reader);
  }

  static BsonDocument mutable(RawBsonDocument raw) {
    return raw.decode(new org.bson.codecs.BsonDocumentCodec());
  }

  /** A trace whose size comes from captured bytes that compress well. */
  static FlowTrace bigTrace(TraceId id, int payloadBytes) {
    byte[] payload = new byte[payloadBytes];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) (i % 7);
    }
    var snapshot = new dev.reflow.trace.model.MessageSnapshot("Blob", payloadBytes, "", payload, "none", 1, (long) payloadBytes);
    var data = new dev.reflow.trace.model.TraceEventData("out", snapshot, null, null,
        dev.reflow.trace.model.PerformanceMetrics.UNMEASURED, java.util.Map.of());
    return MongoTestTraces.minimal(id, "big", Timestamp.parse("2026-01-01T00:00:00Z"))
        .withEvents(List.of(MongoTestTraces.event("blob.actor", dev.reflow.trace.model.TraceEventType.Simple.MESSAGE_SENT, data)));
  }
}
