package dev.reflow.trace.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource({
      "250ms, PT0.25S", "90s, PT1M30S", "90, PT1M30S", "30, PT30S", "15m, PT15M", "2h, PT2H", "7d, PT168H",
      "2w, PT336H", "' 5 m ', PT5M", "90S, PT1M30S", "0, PT0S", "PT15M, PT15M", "pt15m, PT15M", "P7D, PT168H",
      "P1DT2H, PT26H",
  })
  @DisplayName("units, bare seconds and ISO-8601")
  void parse_validText_duration(String text, String expected) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "abc", "1.5h", "5y", "-5s", "PT-5S", "-P1D", "s", "10 days"})
  @DisplayName("anything else, including negative durations, is rejected")
  void parse_invalidText_rejected(String text) {
    assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"99999999999999999999d", "9223372036854775807d", "9223372036854775807w",
      "1317624576693539402w"})
  @DisplayName("values too large for a Duration are rejected, not wrapped around")
  void parse_overflow_rejected(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too large");
  }
}
