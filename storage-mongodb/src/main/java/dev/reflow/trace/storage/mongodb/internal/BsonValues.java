package dev.reflow.trace.storage.mongodb.internal;

import dev.reflow.trace.model.JsonValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.types.Decimal128;

/**
 * The lossless mapping of the values BSON cannot hold as-is.
 *
 * <ul>
 *   <li>Unsigned 64-bit integers ({@code u64}/{@code usize}) and JSON integers up to
 *       {@code 2^64-1}: BSON's largest integer is a signed int64, so values above
 *       {@link Long#MAX_VALUE} are stored as {@code Decimal128}, which holds 34 decimal digits
 *       exactly and still reads as a number in a shell ({@code NumberDecimal("18446744073709551615")}).
 *       Smaller values are {@code Int32} when they fit (easier to read) and {@code Int64} otherwise;
 *       all three read back as integers, never as floats.
 *   <li>Maps with user-chosen keys ({@code custom_attributes}, {@code tags}, nested JSON objects):
 *       stored as a plain sub-document when every key is an ordinary field name, so a person sees
 *       {@code {component: "http"}}. A key containing {@code .}, starting with {@code $},
 *       containing NUL (illegal in a BSON key), empty, or equal to the marker {@code _pairs}
 *       switches that one map to {@code {_pairs: [{k: key, v: value}, …]}}; BSON keeps array and
 *       field order, so member order survives either way.
 *   <li>NaN and infinities become null, exactly as serde_json writes them.
 * </ul>
 */
public final class BsonValues {
  /** The field that marks a map stored as key/value pairs. */
  public static final String PAIRS = "_pairs";

  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private BsonValues() {}

  /** An unsigned 64-bit value held as its bit pattern in a {@code long}. */
  public static BsonValue unsigned(long bits) {
    if (bits >= 0) {
      return bits <= Integer.MAX_VALUE ? new BsonInt32((int) bits) : new BsonInt64(bits);
    }
    return new BsonDecimal128(new Decimal128(new BigDecimal(new BigInteger(Long.toUnsignedString(bits)))));
  }

  /** {@link #unsigned(long)}, or null. */
  public static BsonValue unsignedOrNull(Long bits) {
    return bits == null ? BsonNull.VALUE : unsigned(bits);
  }

  /** A float as a double (exact for f32 too); NaN and infinities as null. */
  public static BsonValue floating(Double value) {
    return value == null || !Double.isFinite(value) ? BsonNull.VALUE : new BsonDouble(value);
  }

  public static BsonValue string(String value) {
    return value == null ? BsonNull.VALUE : new BsonString(value);
  }

  /** A JSON tree ({@code serde_json::Value}). */
  public static BsonValue json(JsonValue value) {
    if (value instanceof JsonValue.JsonNull) {
      return BsonNull.VALUE;
    } else if (value instanceof JsonValue.JsonBoolean b) {
      return BsonBoolean.valueOf(b.value());
    } else if (value instanceof JsonValue.JsonInteger i) {
      return integer(i.value());
    } else if (value instanceof JsonValue.JsonFloat f) {
      return floating(f.value());
    } else if (value instanceof JsonValue.JsonString s) {
      return new BsonString(s.value());
    } else if (value instanceof JsonValue.JsonArray a) {
      BsonArray array = new BsonArray(new ArrayList<>(a.items().size()));
      for (JsonValue item : a.items()) {
        array.add(json(item));
      }
      return array;
    } else if (value instanceof JsonValue.JsonObject o) {
      return map(o.members(), BsonValues::json);
    }
    throw new IllegalArgumentException("unknown JSON value " + value);
  }

  private static BsonValue integer(BigInteger value) {
    if (value.bitLength() < 32) {
      return new BsonInt32(value.intValue());
    } else if (value.bitLength() < 64) {
      return new BsonInt64(value.longValue());
    }
    return new BsonDecimal128(new Decimal128(new BigDecimal(value)));
  }

  /** A map with user-chosen keys, in its order: a sub-document, or pairs when a key needs it. */
  public static <V> BsonDocument map(Map<String, V> members, Function<V, BsonValue> encoder) {
    boolean plain = members.keySet().stream().allMatch(BsonValues::isPlainKey);
    if (plain) {
      BsonDocument doc = new BsonDocument();
      members.forEach((k, v) -> doc.append(k, encoder.apply(v)));
      return doc;
    }
    BsonArray pairs = new BsonArray(new ArrayList<>(members.size()));
    members.forEach((k, v) -> pairs.add(new BsonDocument("k", new BsonString(k)).append("v", encoder.apply(v))));
    return new BsonDocument(PAIRS, pairs);
  }

  /** Whether a key can be a BSON field name that every MongoDB tool handles. */
  static boolean isPlainKey(String key) {
    return !key.isEmpty()
        && key.charAt(0) != '$'
        && key.indexOf('.') < 0
        && key.indexOf('\0') < 0
        && !key.equals(PAIRS);
  }

  // ---- decoding -------------------------------------------------------------------------------

  /** Decodes {@link #json(JsonValue)}. */
  public static JsonValue toJson(BsonValue value, String path) {
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
        return new JsonValue.JsonObject(toMap(value, path, BsonValues::toJson));
      default:
        throw new CorruptDocumentException(path, "unexpected BSON " + value.getBsonType());
    }
  }

  /** Decodes {@link #map(Map, Function)}. */
  public static <V> Map<String, V> toMap(BsonValue value, String path, Decoder<V> decoder) {
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

  /** Decodes {@link #unsigned(long)} back to its bit pattern; also checks the range. */
  public static long toUnsigned(BsonValue value, String path) {
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
  public interface Decoder<V> {
    V decode(BsonValue value, String path);
  }
}
