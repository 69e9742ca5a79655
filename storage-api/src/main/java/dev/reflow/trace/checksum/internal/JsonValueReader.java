package dev.reflow.trace.checksum.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.reflow.trace.json.TraceFormatException;
import dev.reflow.trace.model.JsonValue;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one JSON value (RFC 8259 text, nothing before or after it but whitespace) into a
 * {@link JsonValue}, with serde_json's number rules: an integer in the i64/u64 range stays exact,
 * {@code -0} and anything with a fraction or exponent is an f64, a larger integer becomes an f64,
 * and a number too large for f64 is an error ("number out of range"). Strings with unpaired
 * surrogate escapes are rejected, as serde_json rejects them.
 *
 * <p>Duplicate keys: serde_json keeps the last value, RFC 8785 (via I-JSON) forbids them; the
 * caller picks.
 */
public final class JsonValueReader {
  private static final BigInteger I64_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private static final JsonFactory LENIENT_KEYS = JsonFactory.builder().build();
  private static final JsonFactory STRICT_KEYS =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private final boolean rejectDuplicateKeys;
  private final List<Object> path = new ArrayList<>();
  private JsonParser parser;

  private JsonValueReader(boolean rejectDuplicateKeys) {
    this.rejectDuplicateKeys = rejectDuplicateKeys;
  }

  /**
   * @param rejectDuplicateKeys true for RFC 8785, false for serde_json (the last value wins)
   * @throws TraceFormatException naming line, column and path when the text is not one JSON value
   */
  public static JsonValue read(byte[] json, boolean rejectDuplicateKeys) {
    JsonFactory factory = rejectDuplicateKeys ? STRICT_KEYS : LENIENT_KEYS;
    JsonValueReader reader = new JsonValueReader(rejectDuplicateKeys);
    try (JsonParser p = factory.createParser(json)) {
      return reader.readDocument(p);
    } catch (IOException e) {
      throw reader.wrap(e);
    }
  }

  /** {@link #read(byte[], boolean)} for text. */
  public static JsonValue read(String json, boolean rejectDuplicateKeys) {
    JsonFactory factory = rejectDuplicateKeys ? STRICT_KEYS : LENIENT_KEYS;
    JsonValueReader reader = new JsonValueReader(rejectDuplicateKeys);
    try (JsonParser p = factory.createParser(json)) {
      return reader.readDocument(p);
    } catch (IOException e) {
      throw reader.wrap(e);
    }
  }

  private JsonValue readDocument(JsonParser p) throws IOException {
    this.parser = p;
    JsonToken first = p.nextToken();
    if (first == null) {
      throw error("expected a JSON value, got end of input");
    }
    JsonValue value = readValue(first);
    JsonToken trailing = p.nextToken();
    if (trailing != null) {
      throw error("trailing characters after the JSON value");
    }
    return value;
  }

  private JsonValue readValue(JsonToken token) throws IOException {
    switch (token) {
      case START_OBJECT:
        return readObject();
      case START_ARRAY:
        return readArray();
      case VALUE_STRING:
        return new JsonValue.JsonString(checkedString(parser.getText()));
      case VALUE_NUMBER_INT:
        return readInteger();
      case VALUE_NUMBER_FLOAT:
        return finite(parser.getDoubleValue());
      case VALUE_TRUE:
        return JsonValue.TRUE;
      case VALUE_FALSE:
        return JsonValue.FALSE;
      case VALUE_NULL:
        return JsonValue.NULL;
      default:
        throw error("unexpected " + token);
    }
  }

  private JsonValue readObject() throws IOException {
    Map<String, JsonValue> members = new LinkedHashMap<>();
    JsonToken t;
    while ((t = parser.nextToken()) == JsonToken.FIELD_NAME) {
      String key = checkedString(parser.currentName());
      path.add(key);
      JsonValue value = readValue(parser.nextToken());
      path.remove(path.size() - 1);
      // serde_json's Value map keeps the last value for a repeated key.
      members.put(key, value);
    }
    expectEnd(t, JsonToken.END_OBJECT);
    return new JsonValue.JsonObject(members);
  }

  private JsonValue readArray() throws IOException {
    List<JsonValue> items = new ArrayList<>();
    JsonToken t;
    while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
      if (t == null) {
        throw error("unexpected end of input inside an array");
      }
      path.add(items.size());
      items.add(readValue(t));
      path.remove(path.size() - 1);
    }
    return new JsonValue.JsonArray(items);
  }

  private void expectEnd(JsonToken actual, JsonToken expected) {
    if (actual != expected) {
      throw error("unexpected " + (actual == null ? "end of input" : actual.toString()));
    }
  }

  private JsonValue readInteger() throws IOException {
    if ("-0".equals(parser.getText())) {
      // serde_json parses -0 as the float -0.0 (it cannot be an i64), and writes it as -0.0.
      return new JsonValue.JsonFloat(-0.0);
    }
    BigInteger v = parser.getBigIntegerValue();
    if (v.compareTo(I64_MIN) >= 0 && v.compareTo(U64_MAX) <= 0) {
      return new JsonValue.JsonInteger(v);
    }
    return finite(v.doubleValue());
  }

  private JsonValue finite(double v) {
    if (Double.isInfinite(v)) {
      throw error("number out of range");
    }
    return new JsonValue.JsonFloat(v);
  }

  private String checkedString(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw error(String.format("unpaired surrogate \\u%04x in a string", (int) c));
      }
    }
    return s;
  }

  private TraceFormatException error(String reason) {
    JsonLocation loc = parser == null ? null : parser.currentTokenLocation();
    long line = loc == null ? -1 : loc.getLineNr();
    long column = loc == null ? -1 : loc.getColumnNr();
    return new TraceFormatException(null, line, column, JsonPaths.format(path), reason, null);
  }

  private TraceFormatException wrap(IOException e) {
    if (e instanceof JsonProcessingException jpe) {
      JsonLocation loc = jpe.getLocation();
      String reason = jpe.getOriginalMessage();
      if (rejectDuplicateKeys && e instanceof JsonParseException && reason != null && reason.startsWith("Duplicate field")) {
        reason = "duplicate object key (not allowed by RFC 8785): " + reason;
      }
      return new TraceFormatException(null, loc == null ? -1 : loc.getLineNr(), loc == null ? -1 : loc.getColumnNr(),
          JsonPaths.format(path), reason, e);
    }
    return new TraceFormatException(null, -1, -1, null, "could not read JSON: " + e.getMessage(), e);
  }
}
