package dev.reflow.trace.json.internal;

import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one value starting at the cursor's current token and leaves the cursor on its last token
 * (the scalar itself, or the closing bracket).
 */
@FunctionalInterface
interface ValueReader<T> {
  T read(JsonCursor c) throws IOException;

  /** A {@code Vec<T>}: a JSON array of elements. */
  static <T> ValueReader<List<T>> listOf(ValueReader<T> element) {
    return c -> {
      if (c.p.currentToken() != JsonToken.START_ARRAY) {
        throw c.invalidType("a sequence");
      }
      List<T> out = new ArrayList<>();
      while (c.p.nextToken() != JsonToken.END_ARRAY) {
        out.add(element.read(c));
      }
      return out;
    };
  }

  /** A {@code HashMap<String, V>}: a JSON object. */
  static <V> ValueReader<Map<String, V>> mapOf(ValueReader<V> value) {
    return c -> {
      if (c.p.currentToken() != JsonToken.START_OBJECT) {
        throw c.invalidType("a map");
      }
      return members(c, value);
    };
  }

  /**
   * The members of the object whose opening brace is current, in input order; a repeated key
   * keeps its first position and its last value (serde_json's map semantics).
   */
  static <V> Map<String, V> members(JsonCursor c, ValueReader<V> value) throws IOException {
    Map<String, V> out = new LinkedHashMap<>();
    String name;
    while ((name = c.p.nextFieldName()) != null) {
      Scalars.checkSurrogates(c, name);
      c.p.nextToken();
      out.put(name, value.read(c));
    }
    return out;
  }
}
