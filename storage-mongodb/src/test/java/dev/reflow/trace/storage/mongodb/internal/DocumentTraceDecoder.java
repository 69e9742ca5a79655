package dev.reflow.trace.storage.mongodb.internal;

import static dev.reflow.trace.storage.mongodb.internal.BsonValues.PAIRS;
import static dev.reflow.trace.storage.mongodb.internal.TraceDocumentCodec.CODEC_ZSTD_BSON;
import static dev.reflow.trace.storage.mongodb.internal.TraceDocumentCodec.SCHEMA;
import static dev.reflow.trace.storage.mongodb.internal.TraceDocumentCodec.SCHEMA_VERSION;
import static dev.reflow.trace.storage.mongodb.internal.TraceDocumentCodec.TRACE;
import static dev.reflow.trace.storage.mongodb.internal.TraceDocumentCodec.TRACE_CODEC;
import static dev.reflow.trace.storage.mongodb.internal.TraceDocumentCodec.TRACE_ZSTD;

import dev.reflow.trace.model.CausalityInfo;
import dev.reflow.trace.model.EventId;
import dev.reflow.trace.model.ExecutionId;
import dev.reflow.trace.model.ExecutionStatus;
import dev.reflow.trace.model.FlowId;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.FlowVersion;
import dev.reflow.trace.model.JsonValue;
import dev.reflow.trace.model.MessageSnapshot;
import dev.reflow.trace.model.PerformanceMetrics;
import dev.reflow.trace.model.StateDiff;
import dev.reflow.trace.model.StateDiffType;
import dev.reflow.trace.model.Timestamp;
import dev.reflow.trace.model.TraceEvent;
import dev.reflow.trace.model.TraceEventData;
import dev.reflow.trace.model.TraceEventType;
import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.model.TraceMetadata;
import dev.reflow.trace.storage.TraceStorageException;
import dev.reflow.trace.storage.spi.TraceDocuments;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;

/**
 * The decoder the backend used before it read BSON as a stream ({@link TraceReadCodec}): the
 * stored document as a {@link BsonDocument} tree, turned into a {@link FlowTrace} field by field.
 * Kept verbatim as the oracle the streaming decoder is compared against; not used by main code.
 */
final class DocumentTraceDecoder {
  private DocumentTraceDecoder() {}

  /**
   * Decodes a stored document (readable or compressed).
   *
   * @throws CorruptDocumentException naming the bad field
   */
  public static FlowTrace decode(BsonDocument doc) {
    BsonValue schema = doc.get(SCHEMA);
    if (schema != null && schema.isNumber() && schema.asNumber().intValue() > SCHEMA_VERSION) {
      throw new CorruptDocumentException(SCHEMA, "document layout " + schema.asNumber().intValue()
          + " is newer than this version reads (" + SCHEMA_VERSION + "); upgrade storage-mongodb");
    }
    BsonValue codec = doc.get(TRACE_CODEC);
    if (codec == null || codec.isNull()) {
      return decodeTrace(doc.get(TRACE), TRACE);
    }
    if (!codec.isString() || !codec.asString().getValue().equals(CODEC_ZSTD_BSON)) {
      throw new CorruptDocumentException(TRACE_CODEC, "unknown codec " + codec
          + "; this version reads " + CODEC_ZSTD_BSON);
    }
    BsonValue data = doc.get(TRACE_ZSTD);
    if (data == null || !data.isBinary()) {
      throw new CorruptDocumentException(TRACE_ZSTD, "expected binary data");
    }
    byte[] bson;
    try {
      bson = TraceDocuments.decompress(data.asBinary().getData());
    } catch (TraceStorageException e) {
      throw new CorruptDocumentException(TRACE_ZSTD, e.getMessage(), e);
    }
    // Decoded once into a tree: RawBsonDocument re-scans its bytes on every field lookup.
    return decodeTrace(new RawBsonDocument(bson).decode(new BsonDocumentCodec()), TRACE_ZSTD);
  }

  static FlowTrace decodeTrace(BsonValue value, String path) {
    Fields f = Fields.of(value, path);
    try {
      List<TraceEvent> events = new ArrayList<>();
      int i = 0;
      for (BsonValue e : f.array("events")) {
        events.add(event(Fields.of(e, f.path("events") + "[" + i++ + "]")));
      }
      return new FlowTrace(
          TraceId.parse(f.string("trace_id")),
          FlowId.of(f.string("flow_id")),
          ExecutionId.parse(f.string("execution_id")),
          version(f.document("version")),
          f.timestamp("start_time"),
          f.timestampOrNull("end_time"),
          status(f.required("status"), f.path("status")),
          events,
          metadata(f.document("metadata")));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new CorruptDocumentException(path, e.getMessage(), e);
    }
  }

  private static FlowVersion version(Fields f) {
    return new FlowVersion(f.u32("major"), f.u32("minor"), f.u32("patch"), f.stringOrNull("git_hash"), f.timestamp("timestamp"));
  }

  private static ExecutionStatus status(BsonValue v, String path) {
    if (v.isString()) {
      return switch (v.asString().getValue()) {
        case "Pending" -> ExecutionStatus.PENDING;
        case "Running" -> ExecutionStatus.RUNNING;
        case "Completed" -> ExecutionStatus.COMPLETED;
        case "Cancelled" -> ExecutionStatus.CANCELLED;
        default -> throw new CorruptDocumentException(path, "unknown status \"" + v.asString().getValue() + "\"");
      };
    }
    Fields f = Fields.of(v, path);
    return ExecutionStatus.failed(f.document("Failed").string("error"));
  }

  private static TraceEvent event(Fields f) {
    return new TraceEvent(
        EventId.parse(f.string("event_id")),
        f.timestamp("timestamp"),
        eventType(f.required("event_type"), f.path("event_type")),
        f.string("actor_id"),
        data(f.document("data")),
        causality(f.document("causality")));
  }

  private static TraceEventType eventType(BsonValue v, String path) {
    if (v.isString()) {
      TraceEventType.Simple s = TraceEventType.Simple.byVariantName(v.asString().getValue());
      if (s == null) {
        throw new CorruptDocumentException(path, "unknown event type \"" + v.asString().getValue() + "\"");
      }
      return s;
    }
    Fields df = Fields.of(v, path).document("DataFlow");
    return TraceEventType.dataFlow(df.string("to_actor"), df.string("to_port"));
  }

  private static TraceEventData data(Fields f) {
    Fields m = f.documentOrNull("message");
    Fields s = f.documentOrNull("state_diff");
    BsonValue attrs = f.optional("custom_attributes");
    Map<String, JsonValue> attributes = attrs == null
        ? Map.of()
        : toMap(attrs, f.path("custom_attributes"), DocumentTraceDecoder::toJson);
    return new TraceEventData(
        f.stringOrNull("port"),
        m == null ? null : message(m),
        s == null ? null : stateDiff(s),
        f.stringOrNull("error"),
        metrics(f.document("performance_metrics")),
        attributes);
  }

  private static MessageSnapshot message(Fields f) {
    return new MessageSnapshot(
        f.string("message_type"),
        f.unsigned("size_bytes"),
        f.string("checksum"),
        f.binary("serialized_data"),
        f.string("content_codec"),
        f.u32("content_format_version"),
        f.unsignedOrNull("stored_bytes"));
  }

  private static StateDiff stateDiff(Fields f) {
    String name = f.string("diff_type");
    StateDiffType type = StateDiffType.byVariantName(name);
    if (type == null) {
      throw new CorruptDocumentException(f.path("diff_type"), "unknown diff type \"" + name + "\"");
    }
    return new StateDiff(f.binaryOrNull("before"), f.binary("after"), type);
  }

  private static PerformanceMetrics metrics(Fields f) {
    Double cpu = f.doubleOrNull("cpu_usage_percent");
    return new PerformanceMetrics(
        f.unsignedOrNull("execution_time_ns"),
        f.unsignedOrNull("memory_usage_bytes"),
        cpu == null ? null : cpu.floatValue(),
        f.unsignedOrNull("queue_depth"),
        f.doubleOrNull("throughput_msgs_per_sec"));
  }

  private static CausalityInfo causality(Fields f) {
    List<EventId> chain = new ArrayList<>();
    int i = 0;
    for (BsonValue id : f.array("dependency_chain")) {
      if (!id.isString()) {
        throw new CorruptDocumentException(f.path("dependency_chain") + "[" + i + "]", "expected an event id string");
      }
      chain.add(EventId.parse(id.asString().getValue()));
      i++;
    }
    String parent = f.stringOrNull("parent_event_id");
    return new CausalityInfo(
        parent == null ? null : EventId.parse(parent),
        EventId.parse(f.string("root_cause_event_id")),
        chain,
        f.string("span_id"));
  }

  private static TraceMetadata metadata(Fields f) {
    Map<String, String> tags = toMap(f.required("tags"), f.path("tags"), (v, p) -> {
      if (!v.isString()) {
        throw new CorruptDocumentException(p, "expected a string tag value, got " + v.getBsonType());
      }
      return v.asString().getValue();
    });
    return new TraceMetadata(
        f.stringOrNull("user_id"),
        f.stringOrNull("session_id"),
        f.string("environment"),
        f.string("hostname"),
        f.u32("process_id"),
        f.string("thread_id"),
        tags);
  }

  /** Decodes {@link BsonValues#json(JsonValue)}. */
  static JsonValue toJson(BsonValue value, String path) {
    switch (value.getBsonType()) {
      case NULL:
        return JsonValue.NULL;
      case BOOLEAN:
        return JsonValue.of(value.asBoolean().getValue());
      case INT32:
        return JsonValue.of((long) value.asInt32().getValue());
      case INT64:
        return JsonValue.of(value.asInt64().getValue());
      case DECIMAL128:
        return new JsonValue.JsonInteger(decimalInteger(value, path));
      case DOUBLE:
        return JsonValue.of(value.asDouble().getValue());
      case STRING:
        return JsonValue.of(value.asString().getValue());
      case ARRAY: {
        List<JsonValue> items = new ArrayList<>();
        int i = 0;
        for (BsonValue item : value.asArray()) {
          items.add(toJson(item, path + "[" + i++ + "]"));
        }
        return new JsonValue.JsonArray(items);
      }
      case DOCUMENT:
        return new JsonValue.JsonObject(toMap(value, path, DocumentTraceDecoder::toJson));
      default:
        throw new CorruptDocumentException(path, "unexpected BSON " + value.getBsonType());
    }
  }

  /** Decodes {@link BsonValues#map}. */
  static <V> Map<String, V> toMap(BsonValue value, String path, Decoder<V> decoder) {
    if (!value.isDocument()) {
      throw new CorruptDocumentException(path, "expected a document, got " + value.getBsonType());
    }
    BsonDocument doc = value.asDocument();
    Map<String, V> out = new LinkedHashMap<>();
    if (doc.size() == 1 && doc.containsKey(PAIRS)) {
      BsonValue pairs = doc.get(PAIRS);
      if (!pairs.isArray()) {
        throw new CorruptDocumentException(path + "." + PAIRS, "expected an array of {k, v}");
      }
      int i = 0;
      for (BsonValue pair : pairs.asArray()) {
        String p = path + "." + PAIRS + "[" + i++ + "]";
        if (!pair.isDocument() || !pair.asDocument().isString("k") || !pair.asDocument().containsKey("v")) {
          throw new CorruptDocumentException(p, "expected {k: <string>, v: <value>}");
        }
        String key = pair.asDocument().getString("k").getValue();
        out.put(key, decoder.decode(pair.asDocument().get("v"), p + ".v"));
      }
    } else {
      for (Map.Entry<String, BsonValue> e : doc.entrySet()) {
        out.put(e.getKey(), decoder.decode(e.getValue(), path + "." + e.getKey()));
      }
    }
    return out;
  }

  /** Decodes {@link BsonValues#unsigned(long)} back to its bit pattern; also checks the range. */
  static long toUnsigned(BsonValue value, String path) {
    BigInteger v;
    switch (value.getBsonType()) {
      case INT32:
        v = BigInteger.valueOf(value.asInt32().getValue());
        break;
      case INT64:
        v = BigInteger.valueOf(value.asInt64().getValue());
        break;
      case DECIMAL128:
        v = decimalInteger(value, path);
        break;
      default:
        throw new CorruptDocumentException(path, "expected an unsigned integer, got " + value.getBsonType());
    }
    if (v.signum() < 0 || v.bitLength() > 64) {
      throw new CorruptDocumentException(path, "integer outside the u64 range: " + v);
    }
    return v.compareTo(LONG_MAX) <= 0 ? v.longValue() : Long.parseUnsignedLong(v.toString());
  }

  private static BigInteger decimalInteger(BsonValue value, String path) {
    try {
      return value.asDecimal128().getValue().bigDecimalValue().toBigIntegerExact();
    } catch (ArithmeticException e) {
      throw new CorruptDocumentException(path, "expected an integral Decimal128, got " + value.asDecimal128().getValue());
    }
  }

  /** Decodes one map value. */
  @FunctionalInterface
  interface Decoder<V> {
    V decode(BsonValue value, String path);
  }

  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  /** Typed reads from one sub-document of the tree, with the document path in every error. */
  static final class Fields {
    private final BsonDocument doc;
    private final String path;

    Fields(BsonDocument doc, String path) {
      this.doc = doc;
      this.path = path;
    }

    static Fields of(BsonValue value, String path) {
      if (value == null || !value.isDocument()) {
        throw new CorruptDocumentException(path, "expected a document, got " + type(value));
      }
      return new Fields(value.asDocument(), path);
    }

    String path(String name) {
      return path + "." + name;
    }

    BsonValue required(String name) {
      BsonValue v = doc.get(name);
      if (v == null) {
        throw new CorruptDocumentException(path(name), "missing");
      }
      return v;
    }

    /** The value, or null when missing or BSON null. */
    BsonValue optional(String name) {
      BsonValue v = doc.get(name);
      return v == null || v.isNull() ? null : v;
    }

    String string(String name) {
      BsonValue v = required(name);
      if (!v.isString()) {
        throw new CorruptDocumentException(path(name), "expected a string, got " + type(v));
      }
      return v.asString().getValue();
    }

    String stringOrNull(String name) {
      return optional(name) == null ? null : string(name);
    }

    long unsigned(String name) {
      return toUnsigned(required(name), path(name));
    }

    Long unsignedOrNull(String name) {
      return optional(name) == null ? null : unsigned(name);
    }

    long u32(String name) {
      long v = unsigned(name);
      if (v < 0 || v > 0xFFFF_FFFFL) {
        throw new CorruptDocumentException(path(name), "outside the u32 range: " + Long.toUnsignedString(v));
      }
      return v;
    }

    Double doubleOrNull(String name) {
      BsonValue v = optional(name);
      if (v == null) {
        return null;
      }
      if (!v.isDouble()) {
        throw new CorruptDocumentException(path(name), "expected a double, got " + type(v));
      }
      return v.asDouble().getValue();
    }

    Timestamp timestamp(String name) {
      String text = string(name);
      try {
        return Timestamp.parse(text);
      } catch (IllegalArgumentException e) {
        throw new CorruptDocumentException(path(name), "expected an RFC 3339 timestamp, got \"" + text + "\"", e);
      }
    }

    Timestamp timestampOrNull(String name) {
      return optional(name) == null ? null : timestamp(name);
    }

    byte[] binary(String name) {
      BsonValue v = required(name);
      if (!v.isBinary()) {
        throw new CorruptDocumentException(path(name), "expected binary data, got " + type(v));
      }
      return v.asBinary().getData();
    }

    byte[] binaryOrNull(String name) {
      return optional(name) == null ? null : binary(name);
    }

    Fields document(String name) {
      return of(required(name), path(name));
    }

    Fields documentOrNull(String name) {
      return optional(name) == null ? null : document(name);
    }

    BsonArray array(String name) {
      BsonValue v = required(name);
      if (!v.isArray()) {
        throw new CorruptDocumentException(path(name), "expected an array, got " + type(v));
      }
      return v.asArray();
    }

    private static String type(BsonValue v) {
      return v == null ? "nothing" : v.getBsonType().toString();
    }
  }
}
