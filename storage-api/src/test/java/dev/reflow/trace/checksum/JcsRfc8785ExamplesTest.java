package dev.reflow.trace.checksum;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 8785's published examples (cyberphone/json-canonicalization testdata, see jcs/SOURCE.md). */
class JcsRfc8785ExamplesTest {

  @ParameterizedTest(name = "{0}.json")
  @ValueSource(strings = {"arrays", "french", "structures", "unicode", "values", "weird"})
  @DisplayName("jcs canonicalizes each RFC 8785 example input to its published output, byte for byte")
  void canonicalize_rfc8785Example_matchesPublishedOutputBytes(String name) {
    byte[] input = Resources.bytes("jcs/input/" + name + ".json");
    byte[] expected = Resources.bytes("jcs/output/" + name + ".json");

    byte[] actual = Checksums.jcs().canonicalize(input);

    assertThat(new String(actual, StandardCharsets.UTF_8))
        .as("jcs canonical form of %s.json", name)
        .isEqualTo(new String(expected, StandardCharsets.UTF_8));
    assertThat(actual).as("bytes of %s.json", name).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}.json")
  @ValueSource(strings = {"arrays", "french", "structures", "unicode", "values", "weird"})
  @DisplayName("canonicalizing a published output again changes nothing")
  void canonicalize_publishedOutput_isFixedPoint(String name) {
    byte[] expected = Resources.bytes("jcs/output/" + name + ".json");

    assertThat(Checksums.jcs().canonicalize(expected)).isEqualTo(expected);
  }

  @Test
  @DisplayName("weird.json: reflow orders keys by code point, so the emoji key moves after U+FB33")
  void canonicalize_weirdExample_reflowOrdersByCodePointUnlikeJcs() {
    byte[] input = Resources.bytes("jcs/input/weird.json");

    String jcs = Checksums.jcs().canonicalString(new String(input, StandardCharsets.UTF_8));
    String reflow = Checksums.reflow().canonicalString(new String(input, StandardCharsets.UTF_8));

    // U+1F602 is D83D DE02 in UTF-16 (sorts before U+FB33) but F0 9F 98 82 in UTF-8 (after EF AC B3).
    assertThat(jcs.indexOf("\uD83D\uDE02")).as("jcs: emoji before U+FB33 in %s", jcs).isLessThan(jcs.indexOf('\uFB33'));
    assertThat(reflow.indexOf("\uD83D\uDE02")).as("reflow: emoji after U+FB33 in %s", reflow)
        .isGreaterThan(reflow.indexOf('\uFB33'));
    assertThat(Checksums.reflow().checksum(input)).isNotEqualTo(Checksums.jcs().checksum(input));
  }
}
