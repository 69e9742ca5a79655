package dev.reflow.trace.checksum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflow.trace.json.TraceFormatException;
import dev.reflow.trace.model.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Input that is not one JSON value, and values a canonical form cannot represent. */
class ChecksumsInputErrorsTest {

  @ParameterizedTest(name = "[{index}] <{0}>")
  @ValueSource(strings = {"", "   ", "{", "{\"a\":1,}", "[1 2]", "{} {}", "NaN", "01", "'a'", "{\"a\" 1}",
      "1e400", "\"\\ud800\""})
  @DisplayName("text that is not exactly one JSON value serde_json accepts is a TraceFormatException")
  void checksum_invalidJson_throwsFormatException(String text) {
    assertThatThrownBy(() -> Checksums.reflow().checksum(text)).isInstanceOf(TraceFormatException.class);
    assertThatThrownBy(() -> Checksums.jcs().checksum(text)).isInstanceOf(TraceFormatException.class);
  }

  @Test
  @DisplayName("a syntax error names line and column")
  void checksum_syntaxError_namesPosition() {
    assertThatThrownBy(() -> Checksums.reflow().checksum("{\n  \"a\": tru\n}"))
        .isInstanceOfSatisfying(TraceFormatException.class, e -> assertThat(e.line()).isEqualTo(2));
  }

  @Test
  @DisplayName("invalid UTF-8 bytes are rejected")
  void checksum_invalidUtf8_throwsFormatException() {
    byte[] bad = {'"', (byte) 0xC3, '"'};
    assertThatThrownBy(() -> Checksums.contentChecksum(bad)).isInstanceOf(TraceFormatException.class);
  }

  @Test
  @DisplayName("jcs rejects a repeated key (I-JSON); reflow keeps the last value")
  void checksum_repeatedKey_rejectedByJcsOnly() {
    String json = "{\"outer\":{\"a\":1,\"a\":2}}";

    assertThatThrownBy(() -> Checksums.jcs().checksum(json))
        .isInstanceOf(TraceFormatException.class)
        .hasMessageContaining("repeated object key")
        .hasMessageContaining("\"a\"");
    assertThat(Checksums.reflow().canonicalString(json)).isEqualTo("{\"outer\":{\"a\":2}}");
    assertThat(Checksums.jcs().canonicalString("[{\"a\":1},{\"a\":2}]")).isEqualTo("[{\"a\":1},{\"a\":2}]");
  }

  @Test
  @DisplayName("jcs refuses NaN and infinities, naming where they are")
  void canonicalize_nanUnderJcs_throwsWithPath() {
    Map<String, JsonValue> m = new LinkedHashMap<>();
    m.put("readings", JsonValue.array(JsonValue.of(1.0), JsonValue.of(2), JsonValue.of(Double.NaN)));
    JsonValue v = JsonValue.object(m);

    assertThatThrownBy(() -> Checksums.jcs().canonicalize(v))
        .isInstanceOfSatisfying(CanonicalizationException.class, e -> {
          assertThat(e.form()).isEqualTo("jcs");
          assertThat(e.path()).isEqualTo("$.readings[2]");
          assertThat(e.getMessage()).isEqualTo("jcs: $.readings[2]: NaN is not a JSON number (RFC 8785 section 3.2.2.3)");
        });
    assertThat(Checksums.reflow().canonicalString(v)).isEqualTo("{\"readings\":[1.0,2,null]}");
  }

  @Test
  @DisplayName("a string holding an unpaired surrogate is not Unicode text: both forms refuse it")
  void canonicalize_unpairedSurrogate_throwsWithPath() {
    Map<String, JsonValue> m = new LinkedHashMap<>();
    m.put("odd key", JsonValue.array(JsonValue.of("ok"), JsonValue.of("x\uDC00")));
    JsonValue v = JsonValue.object(m);

    assertThatThrownBy(() -> Checksums.reflow().canonicalize(v))
        .isInstanceOf(CanonicalizationException.class)
        .hasMessage("reflow: $[\"odd key\"][1]: unpaired surrogate U+DC00 in a string is not Unicode text");
    assertThatThrownBy(() -> Checksums.jcs().canonicalize(JsonValue.of("\uD800")))
        .isInstanceOf(CanonicalizationException.class)
        .hasMessageContaining("U+D800");
  }

  @Test
  @DisplayName("text, bytes and the parsed tree give the same checksum")
  void checksum_textBytesAndTree_agree() {
    String json = "{\"b\":[1,2.5,\"\u20ac\"],\"a\":null}";
    JsonValue tree = Checksums.reflow().parse(json);

    for (CanonicalForm form : new CanonicalForm[] {Checksums.reflow(), Checksums.jcs()}) {
      String fromText = form.checksum(json);
      assertThat(form.checksum(json.getBytes(StandardCharsets.UTF_8))).as(form.name()).isEqualTo(fromText);
      assertThat(form.checksum(tree)).as(form.name()).isEqualTo(fromText);
      assertThat(fromText).matches("sha256:[0-9a-f]{64}");
    }
  }

  @Test
  @DisplayName("both forms agree on integer-only BMP content and disagree on floats")
  void checksum_formsAgreeOnlyWithoutFloats() {
    String integers = "{\"type\":\"Integer\",\"data\":42,\"list\":[1,-2,3]}";
    String floats = "{\"x\":1.0}";

    assertThat(Checksums.jcs().checksum(integers)).isEqualTo(Checksums.reflow().checksum(integers));
    assertThat(Checksums.jcs().canonicalString(floats)).isEqualTo("{\"x\":1}");
    assertThat(Checksums.reflow().canonicalString(floats)).isEqualTo("{\"x\":1.0}");
    assertThat(Checksums.jcs().canonicalString("[1e16,1e-6,-0.0]")).isEqualTo("[10000000000000000,0.000001,0]");
  }
}
