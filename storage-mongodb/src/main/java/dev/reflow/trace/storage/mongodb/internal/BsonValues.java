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
import org.bson.BsonReader;
import org.bson.BsonReaderMark;
import org.bson.BsonString;
import org.bson.BsonType;
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

  // ---- decoding (from a BsonReader, see BsonFields) -------------------------------------------

  /** Reads {@link #json(JsonValue)}. */
  static JsonValue readJson(BsonReader r, BsonPath at) {
    BsonType type = r.getCurrentBsonType();
    switch (type) {
      case NULL:
        r.readNull();
        return JsonValue.NULL;
      case BOOLEAN:
        return JsonValue.of(r.readBoolean());
      case INT32:
        return JsonValue.of((long) r.readInt32());
      case INT64:
        return JsonValue.of(r.readInt64());
      case DECIMAL128: {
        BigInteger v = decimalInteger(r.readDecimal128(), at);
        try {
          return new JsonValue.JsonInteger(v);
        } catch (IllegalArgumentException e) {
          throw new CorruptDocumentException(at.toString(), e.getMessage(), e);
        }
      }
      case DOUBLE:
        return JsonValue.of(r.readDouble());
      case STRING:
        return JsonValue.of(r.readString());
      case ARRAY: {
        r.readStartArray();
        List<JsonValue> items = new ArrayList<>();
        int i = 0;
        while (r.readBsonType() != BsonType.END_OF_DOCUMENT) {
          items.add(readJson(r, at.element(i++)));
        }
        r.readEndArray();
        return new JsonValue.JsonArray(items);
      }
      case DOCUMENT:
        return new JsonValue.JsonObject(readMap(r, at, BsonValues::readJson));
      default:
        throw new CorruptDocumentException(at.toString(), "unexpected BSON " + type);
    }
  }

  /**
   * Reads {@link #map(Map, Function)}: a sub-document, or {@code {_pairs: [...]}} when that is
   * the document's only field. Only a map whose first field is {@code _pairs} looks ahead
   * (rewinding with a mark) to see whether another field follows.
   */
  static <V> Map<String, V> readMap(BsonReader r, BsonPath at, ValueReader<V> values) {
    BsonFields.startDocument(r, at);
    Map<String, V> out = new LinkedHashMap<>();
    boolean first = true;
    while (r.readBsonType() != BsonType.END_OF_DOCUMENT) {
      String key = r.readName();
      if (first && key.equals(PAIRS)) {
        BsonReaderMark mark = r.getMark();
        r.skipValue();
        boolean only = r.readBsonType() == BsonType.END_OF_DOCUMENT;
        mark.reset();
        if (only) {
          readPairs(r, at.field(PAIRS), values, out);
          r.readBsonType();
          break;
        }
      }
      first = false;
      out.put(key, values.read(r, at.field(key)));
    }
    r.readEndDocument();
    return out;
  }

  private static <V> void readPairs(BsonReader r, BsonPath at, ValueReader<V> values, Map<String, V> out) {
    if (r.getCurrentBsonType() != BsonType.ARRAY) {
      throw new CorruptDocumentException(at.toString(), "expected an array of {k, v}");
    }
    r.readStartArray();
    int i = 0;
    while (r.readBsonType() != BsonType.END_OF_DOCUMENT) {
      BsonPath pair = at.element(i++);
      if (r.getCurrentBsonType() != BsonType.DOCUMENT) {
        throw new CorruptDocumentException(pair.toString(), "expected {k: <string>, v: <value>}");
      }
      r.readStartDocument();
      String key = null;
      V value = null;
      boolean hasValue = false;
      while (r.readBsonType() != BsonType.END_OF_DOCUMENT) {
        switch (r.readName()) {
          case "k" -> {
            key = r.getCurrentBsonType() == BsonType.STRING ? r.readString() : null;
            if (key == null) {
              r.skipValue();
            }
          }
          case "v" -> {
            value = values.read(r, pair.field("v"));
            hasValue = true;
          }
          default -> r.skipValue();
        }
      }
      r.readEndDocument();
      if (key == null || !hasValue) {
        throw new CorruptDocumentException(pair.toString(), "expected {k: <string>, v: <value>}");
      }
      out.put(key, value);
    }
    r.readEndArray();
  }

  /** Reads {@link #unsigned(long)} back to its bit pattern; also checks the range. */
  static long readUnsigned(BsonReader r, BsonPath at) {
    BsonType type = r.getCurrentBsonType();
    switch (type) {
      case INT32: {
        int v = r.readInt32();
        if (v < 0) {
          throw outsideU64(at, BigInteger.valueOf(v));
        }
        return v;
      }
      case INT64: {
        long v = r.readInt64();
        if (v < 0) {
          throw outsideU64(at, BigInteger.valueOf(v));
        }
        return v;
      }
      case DECIMAL128: {
        BigInteger v = decimalInteger(r.readDecimal128(), at);
        if (v.signum() < 0 || v.bitLength() > 64) {
          throw outsideU64(at, v);
        }
        return v.longValue(); // the low 64 bits: the unsigned bit pattern
      }
      default:
        throw BsonFields.wrongType(at, "an unsigned integer", type);
    }
  }

  private static CorruptDocumentException outsideU64(BsonPath at, BigInteger v) {
    return new CorruptDocumentException(at.toString(), "integer outside the u64 range: " + v);
  }

  private static BigInteger decimalInteger(Decimal128 value, BsonPath at) {
    try {
      return value.bigDecimalValue().toBigIntegerExact();
    } catch (ArithmeticException e) {
      throw new CorruptDocumentException(at.toString(), "expected an integral Decimal128, got " + value);
    }
  }

  /** Reads one map value. */
  @FunctionalInterface
  interface ValueReader<V> {
    V read(BsonReader r, BsonPath at);
  }
}
