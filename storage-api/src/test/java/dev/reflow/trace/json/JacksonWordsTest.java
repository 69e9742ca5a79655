package dev.reflow.trace.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.reflow.trace.checksum.Checksums;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.DisplayName;

/** Errors in JSON input speak of the input, never of the parser's switches. */
class JacksonWordsTest {

  @ParameterizedTest(name = "[{index}]")
  @ValueSource(strings = {"NaN", "[1, NaN]", "{\"a\": Infinity}", "{'a': 1}", "[1,]", "{\"a\" 1}", "// c\n1",
      "\u0001", "tru", "{\"a\":1}x", "0x10", "01", "\"a\u0000\""})
  @DisplayName("checksum of invalid JSON names the problem in plain words, no Jackson feature names")
  void invalidJson_plainWords(String json) {
    TraceFormatException e = catchThrowableOfType(() -> Checksums.reflow().canonicalize(json.getBytes(
        java.nio.charset.StandardCharsets.UTF_8)), TraceFormatException.class);
    assertThat(e).as(json).isNotNull();
    assertThat(e.getMessage()).doesNotContain("Feature").doesNotContain("`").doesNotContain("REDACTED")
        .doesNotContain("input source").isNotBlank();
  }
}
