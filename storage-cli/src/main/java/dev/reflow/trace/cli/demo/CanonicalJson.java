package dev.reflow.trace.cli.demo;

import dev.reflow.trace.checksum.CanonicalForm;
import dev.reflow.trace.checksum.Checksums;
import dev.reflow.trace.model.JsonValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The generator's message content in the form Reflow checksums
 * ({@code serde_json::to_string(&serde_json::to_value(msg))}), produced by {@link Checksums#reflow()}
 * so that demo checksums verify with {@code TraceIntegrity}.
 */
final class CanonicalJson {
  private CanonicalJson() {}

  /** Reflow's {@code Message} envelope {@code {"data":<payload>,"type":<variant>}}, canonical. */
  static byte[] message(String type, Object data) {
    Map<String, JsonValue> envelope = new LinkedHashMap<>();
    envelope.put("type", JsonValue.of(type));
    envelope.put("data", toJson(data));
    return Checksums.reflow().canonicalize(JsonValue.object(envelope));
  }

  /** {@code "sha256:" + 64 lowercase hex} of canonical bytes. */
  static String checksum(byte[] canonical) {
    return CanonicalForm.digest(canonical);
  }

  /** The generator's plain values (maps, lists, strings, integers, booleans) as a JSON tree. */
  private static JsonValue toJson(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, JsonValue> members = new LinkedHashMap<>();
      map.forEach((k, v) -> members.put((String) k, toJson(v)));
      return JsonValue.object(members);
    } else if (value instanceof List<?> list) {
      return new JsonValue.JsonArray(list.stream().map(CanonicalJson::toJson).toList());
    } else if (value instanceof String s) {
      return JsonValue.of(s);
    } else if (value instanceof Long || value instanceof Integer) {
      return JsonValue.of(((Number) value).longValue());
    } else if (value instanceof Boolean b) {
      return JsonValue.of(b);
    } else if (value == null) {
      return JsonValue.NULL;
    }
    throw new IllegalArgumentException("not generated: " + value.getClass());
  }
}
