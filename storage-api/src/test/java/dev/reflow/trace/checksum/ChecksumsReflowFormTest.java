package dev.reflow.trace.checksum;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflow.trace.model.JsonValue;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The reflow form: what {@code serde_json::to_string(&serde_json::to_value(x))} produces. */
class ChecksumsReflowFormTest {
  private static final CanonicalForm REFLOW = Checksums.reflow();

  @Test
  @DisplayName("{} hashes to the vector pinned in Reflow's own checksum.rs test")
  void contentChecksum_emptyObject_matchesReflowsPinnedVector() {
    String expected = "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";

    assertThat(Checksums.contentChecksum(JsonValue.object(Map.of()))).isEqualTo(expected);
    assertThat(Checksums.contentChecksum("{}")).isEqualTo(expected);
    assertThat(Checksums.contentChecksum(" { } ".getBytes(StandardCharsets.UTF_8))).isEqualTo(expected);
  }

  @Test
  @DisplayName("the Integer message of completed-flow.json gives its stored checksum, whatever the key order")
  void contentChecksum_integerMessage_matchesFixture() {
    String expected = "sha256:701118c216e53ab69c1602dd6a7ce0c804dd62320240d61fe9f49cbdad65e6f4";

    assertThat(Checksums.contentChecksum("{\"data\":42,\"type\":\"Integer\"}")).isEqualTo(expected);
    assertThat(Checksums.contentChecksum("{\"type\": \"Integer\", \"data\": 42}")).isEqualTo(expected);
    assertThat(REFLOW.canonicalString("{\"type\":\"Integer\",\"data\":42}")).isEqualTo("{\"data\":42,\"type\":\"Integer\"}");
  }

  @Test
  @DisplayName("the Object message of completed-flow.json gives its stored checksum, whatever the key order")
  void contentChecksum_objectMessage_matchesFixture() {
    String expected = "sha256:b26cafe84efd7803a1d213ed663648caa2e907df787ae1822bc6ac2fccfd8165";
    Map<String, JsonValue> data = new LinkedHashMap<>();
    data.put("total", JsonValue.of(129.95));
    data.put("order_id", JsonValue.of("ORD-1042"));
    data.put("items", JsonValue.of(3));
    Map<String, JsonValue> message = new LinkedHashMap<>();
    message.put("type", JsonValue.of("Object"));
    message.put("data", JsonValue.object(data));

    assertThat(Checksums.contentChecksum(JsonValue.object(message))).isEqualTo(expected);
    assertThat(Checksums.contentChecksum(
        "{\"data\":{\"items\":3,\"order_id\":\"ORD-1042\",\"total\":129.95},\"type\":\"Object\"}")).isEqualTo(expected);
    assertThat(REFLOW.canonicalString(JsonValue.object(message)))
        .isEqualTo("{\"data\":{\"items\":3,\"order_id\":\"ORD-1042\",\"total\":129.95},\"type\":\"Object\"}");
  }

  @Test
  @DisplayName("floats keep serde_json's layout: 1.0, 1e16, 1e-6, -0.0, shortest digits")
  void canonicalize_floats_writtenAsSerdeJson() {
    assertThat(REFLOW.canonicalString("[1.0,1e16,1.5e16,1e-6,0.00001,-0.0,-0,100.0,0.1,5e-324,1E30,4.50,2e-3]"))
        .isEqualTo("[1.0,1e16,1.5e16,1e-6,0.00001,-0.0,-0.0,100.0,0.1,5e-324,1e30,4.5,0.002]");
    assertThat(REFLOW.canonicalString(JsonValue.of(1e15))).isEqualTo("1000000000000000.0");
    assertThat(REFLOW.canonicalString(JsonValue.of(333333333.33333329))).isEqualTo("333333333.3333333");
  }

  @Test
  @DisplayName("NaN and infinities are written as null, as serde_json::to_value makes them")
  void canonicalize_nonFiniteFloats_becomeNull() {
    JsonValue v = JsonValue.array(JsonValue.of(Double.NaN), JsonValue.of(Double.POSITIVE_INFINITY),
        JsonValue.of(Double.NEGATIVE_INFINITY));

    assertThat(REFLOW.canonicalString(v)).isEqualTo("[null,null,null]");
  }

  @Test
  @DisplayName("integers stay exact across the whole i64/u64 range: 2^53+1, u64 max, i64 min")
  void canonicalize_bigIntegers_keptExact() {
    String json = "[9007199254740993,18446744073709551615,-9223372036854775808,0,-1]";

    assertThat(REFLOW.canonicalString(json)).isEqualTo(json);
    assertThat(REFLOW.canonicalString(new JsonValue.JsonInteger(BigInteger.TWO.pow(64).subtract(BigInteger.ONE))))
        .isEqualTo("18446744073709551615");
    // Past u64, serde_json reads an integer as f64.
    assertThat(REFLOW.canonicalString("18446744073709551616")).isEqualTo("1.8446744073709552e19");
  }

  @Test
  @DisplayName("keys are sorted by code point: U+10000 and above come after U+FFFF, unlike UTF-16 order")
  void canonicalize_supplementaryKeys_sortedByCodePoint() {
    Map<String, JsonValue> m = new LinkedHashMap<>();
    m.put("\uD83D\uDE02", JsonValue.of(1)); // U+1F602
    m.put("\uFB33", JsonValue.of(2));
    m.put("\uFFFF", JsonValue.of(3));
    m.put("\uD800\uDC00", JsonValue.of(4)); // U+10000
    m.put("z", JsonValue.of(5));
    m.put("", JsonValue.of(6));
    m.put("\u00e9", JsonValue.of(7));
    JsonValue v = JsonValue.object(m);

    assertThat(REFLOW.canonicalString(v)).isEqualTo(
        "{\"\":6,\"z\":5,\"\u00e9\":7,\"\uFB33\":2,\"\uFFFF\":3,\"\uD800\uDC00\":4,\"\uD83D\uDE02\":1}");
    assertThat(Checksums.jcs().canonicalString(v)).isEqualTo(
        "{\"\":6,\"z\":5,\"\u00e9\":7,\"\uD800\uDC00\":4,\"\uD83D\uDE02\":1,\"\uFB33\":2,\"\uFFFF\":3}");
  }

  @Test
  @DisplayName("the reflow form equals the UTF-8 byte order of keys (Rust str order)")
  void canonicalize_keyOrder_equalsUtf8ByteOrder() {
    String[] keys = {"a", "\u007f", "\u0080", "\u07ff", "\u0800", "\uD7FF", "\uE000", "\uFFFD", "\uD800\uDC00",
        "\uDBFF\uDFFF", "aa", "a\uD83D\uDE02", "a\uFFFF"};
    Map<String, JsonValue> m = new LinkedHashMap<>();
    for (int i = 0; i < keys.length; i++) {
      m.put(keys[i], JsonValue.of(i));
    }
    java.util.List<String> byUtf8 = new java.util.ArrayList<>(java.util.List.of(keys));
    byUtf8.sort((x, y) -> java.util.Arrays.compareUnsigned(
        x.getBytes(StandardCharsets.UTF_8), y.getBytes(StandardCharsets.UTF_8)));
    StringBuilder expected = new StringBuilder("{");
    for (String k : byUtf8) {
      expected.append(expected.length() > 1 ? "," : "").append('"').append(k).append("\":")
          .append(java.util.List.of(keys).indexOf(k));
    }
    expected.append('}');

    assertThat(REFLOW.canonicalString(JsonValue.object(m))).isEqualTo(expected.toString());
  }

  @Test
  @DisplayName("strings are escaped as serde_json does: short escapes, lower-case \\u00xx, everything else raw")
  void canonicalize_strings_escapedAsSerdeJson() {
    String raw = "\"\\/\b\f\n\r\t\u0000\u001b\u001f\u007f\u0080\u2028\u20ac\uD83D\uDE00<>'";

    String out = REFLOW.canonicalString(JsonValue.of(raw));

    assertThat(out).isEqualTo("\"\\\"\\\\/\\b\\f\\n\\r\\t\\u0000\\u001b\\u001f\u007f\u0080\u2028\u20ac\uD83D\uDE00<>'\"");
    assertThat(Checksums.jcs().canonicalString(JsonValue.of(raw))).isEqualTo(out);
  }

  @Test
  @DisplayName("nested objects are sorted at every level and arrays keep their order")
  void canonicalize_nested_sortedRecursivelyCompact() {
    assertThat(REFLOW.canonicalString("{ \"b\": [3, {\"z\": null, \"a\": true}], \"a\": {\"d\": 1, \"c\": false} }"))
        .isEqualTo("{\"a\":{\"c\":false,\"d\":1},\"b\":[3,{\"a\":true,\"z\":null}]}");
  }

  @Test
  @DisplayName("null, scalars and a bare string are canonical values too (Reflow hashes unit messages)")
  void checksum_scalars_haveStableDigests() {
    assertThat(REFLOW.canonicalString("null")).isEqualTo("null");
    assertThat(REFLOW.checksum("null"))
        .isEqualTo("sha256:74234e98afe7498fb5daf1f36ac2d78acc339464f950703b8c019892f982b90b");
    assertThat(REFLOW.checksum("\"x\"")).isEqualTo(CanonicalForm.digest("\"x\"".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  @DisplayName("a repeated key keeps its last value, as serde_json's Value map does")
  void parse_repeatedKey_lastValueWins() {
    assertThat(REFLOW.canonicalString("{\"a\":1,\"b\":2,\"a\":3}")).isEqualTo("{\"a\":3,\"b\":2}");
  }
}
