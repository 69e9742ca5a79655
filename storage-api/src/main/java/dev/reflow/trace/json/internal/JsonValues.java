package dev.reflow.trace.json.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.reflow.trace.model.JsonValue;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads any JSON value with serde_json {@code Value} semantics: integers within i64/u64 stay
 * integers, {@code -0} and larger integers become floats, object members keep input order (the
 * {@code preserve_order} feature) and a repeated key keeps its last value.
 */
final class JsonValues {
  private JsonValues() {}

  private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
  private static final BigInteger I64_MIN = BigInteger.valueOf(Long.MIN_VALUE);

  static JsonValue read(JsonCursor c) throws IOException {
    JsonParser p = c.p;
    switch (p.currentToken()) {
      case VALUE_STRING:
        return new JsonValue.JsonString(Scalars.string(c));
      case VALUE_NUMBER_INT:
        return integer(c);
      case VALUE_NUMBER_FLOAT: {
        double d = p.getDoubleValue();
        if (Double.isInfinite(d)) {
          throw c.fail("number out of range");
        }
        return new JsonValue.JsonFloat(d);
      }
      case VALUE_TRUE:
        return JsonValue.TRUE;
      case VALUE_FALSE:
        return JsonValue.FALSE;
      case VALUE_NULL:
        return JsonValue.NULL;
      case START_ARRAY: {
        List<JsonValue> items = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          items.add(read(c));
        }
        return new JsonValue.JsonArray(items);
      }
      case START_OBJECT:
        return new JsonValue.JsonObject(ValueReader.members(c, JsonValues::read));
      default:
        throw c.invalidType("any valid JSON value");
    }
  }

  private static JsonValue integer(JsonCursor c) throws IOException {
    JsonParser p = c.p;
    if (p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
      long v = p.getLongValue();
      if (v == 0 && c.startsWithMinus()) {
        return new JsonValue.JsonFloat(-0.0); // serde_json reads -0 as a float
      }
      return JsonValue.of(v);
    }
    BigInteger b = p.getBigIntegerValue();
    if (b.compareTo(U64_MAX) <= 0 && b.compareTo(I64_MIN) >= 0) {
      return new JsonValue.JsonInteger(b);
    }
    double d = b.doubleValue();
    if (Double.isInfinite(d)) {
      throw c.fail("number out of range");
    }
    return new JsonValue.JsonFloat(d);
  }
}
