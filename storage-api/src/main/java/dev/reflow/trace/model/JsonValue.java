package dev.reflow.trace.model;

import java.math.BigInteger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable JSON tree, as Reflow's {@code serde_json::Value} holds it in
 * {@code custom_attributes}. Object members keep the order they were given in. Numbers keep
 * serde_json's distinction: {@link JsonInteger} for integers in the i64/u64 range (exact), and
 * {@link JsonFloat} for everything else.
 */
public sealed interface JsonValue
    permits JsonValue.JsonNull,
        JsonValue.JsonBoolean,
        JsonValue.JsonInteger,
        JsonValue.JsonFloat,
        JsonValue.JsonString,
        JsonValue.JsonArray,
        JsonValue.JsonObject {

  JsonNull NULL = new JsonNull();
  JsonBoolean TRUE = new JsonBoolean(true);
  JsonBoolean FALSE = new JsonBoolean(false);

  static JsonValue of(String value) {
    return value == null ? NULL : new JsonString(value);
  }

  static JsonValue of(boolean value) {
    return value ? TRUE : FALSE;
  }

  static JsonValue of(long value) {
    return new JsonInteger(BigInteger.valueOf(value));
  }

  static JsonValue of(double value) {
    return new JsonFloat(value);
  }

  static JsonArray array(JsonValue... items) {
    return new JsonArray(List.of(items));
  }

  /** An object with members in the given order. */
  static JsonObject object(Map<String, ? extends JsonValue> members) {
    return new JsonObject(new java.util.LinkedHashMap<>(members));
  }

  record JsonNull() implements JsonValue {
    @Override
    public String toString() {
      return "null";
    }
  }

  record JsonBoolean(boolean value) implements JsonValue {
    @Override
    public String toString() {
      return Boolean.toString(value);
    }
  }

  /** An integer within [-2^63, 2^64-1], the range serde_json keeps exactly. */
  record JsonInteger(BigInteger value) implements JsonValue {
    static final BigInteger MIN = BigInteger.valueOf(Long.MIN_VALUE);
    static final BigInteger MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    public JsonInteger {
      Objects.requireNonNull(value, "value");
      if (value.compareTo(MIN) < 0 || value.compareTo(MAX) > 0) {
        throw new IllegalArgumentException("integer outside the i64/u64 range: " + value);
      }
    }

    @Override
    public String toString() {
      return value.toString();
    }
  }

  /** A float (f64). NaN and infinities are written as {@code null}, as serde_json does. */
  record JsonFloat(double value) implements JsonValue {
    @Override
    public boolean equals(Object o) {
      return o instanceof JsonFloat f && Double.compare(value, f.value) == 0;
    }

    @Override
    public int hashCode() {
      return Double.hashCode(value);
    }
  }

  record JsonString(String value) implements JsonValue {
    public JsonString {
      Objects.requireNonNull(value, "value");
    }
  }

  record JsonArray(List<JsonValue> items) implements JsonValue {
    public JsonArray {
      items = List.copyOf(items);
    }
  }

  /** An object; member order is kept as given, and equality is order-sensitive. */
  record JsonObject(Map<String, JsonValue> members) implements JsonValue {
    public JsonObject {
      members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
      for (Map.Entry<String, JsonValue> e : members.entrySet()) {
        Objects.requireNonNull(e.getKey(), "key");
        Objects.requireNonNull(e.getValue(), "value of " + e.getKey());
      }
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof JsonObject other && List.copyOf(members.entrySet()).equals(List.copyOf(other.members.entrySet()));
    }

    @Override
    public int hashCode() {
      return members.hashCode();
    }
  }
}
