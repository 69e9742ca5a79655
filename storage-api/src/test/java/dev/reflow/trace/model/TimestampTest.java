package dev.reflow.trace.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TimestampTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "2026-03-01T08:00:00Z",
      "2026-03-14T09:26:53.591Z",
      "2026-03-14T09:26:53.602417Z",
      "2026-03-14T09:26:53.589793238Z",
      "2026-03-14T11:00:11.000000001Z",
      "2016-12-31T23:59:60.500Z",
      "1969-12-31T23:59:59.999999999Z",
      "0001-01-01T00:00:00Z"})
  @DisplayName("chrono AutoSi timestamps read and write back unchanged")
  void parseThenFormat_autoSiForms_roundTripExactly(String text) {
    assertThat(Timestamp.parse(text).toString()).isEqualTo(text);
  }

  @Test
  @DisplayName("Fractions drop whole groups of trailing zeros only")
  void format_fractionGroups_chooses0369Digits() {
    assertThat(new Timestamp(0, 0).toString()).isEqualTo("1970-01-01T00:00:00Z");
    assertThat(new Timestamp(0, 120_000_000).toString()).isEqualTo("1970-01-01T00:00:00.120Z");
    assertThat(new Timestamp(0, 1_000).toString()).isEqualTo("1970-01-01T00:00:00.000001Z");
    assertThat(new Timestamp(0, 1_500).toString()).isEqualTo("1970-01-01T00:00:00.000001500Z");
  }

  @Test
  @DisplayName("An offset is converted to UTC")
  void parse_offset_convertsToUtc() {
    assertThat(Timestamp.parse("2026-03-14T11:00:00+02:00").toString()).isEqualTo("2026-03-14T09:00:00Z");
  }

  @Test
  @DisplayName("Microseconds truncate toward the past, also before the epoch")
  void epochMicros_negativeAndFractional_truncatesTowardPast() {
    Timestamp t = Timestamp.of(Instant.parse("1969-12-31T23:59:59.999999999Z"));
    assertThat(t.epochMicros()).isEqualTo(-1);
    assertThat(Timestamp.parse("2026-03-14T11:00:00.000001500Z").epochMicros() % 1_000_000).isEqualTo(1);
  }

  @Test
  @DisplayName("A leap second sorts after :59 and before the next minute")
  void compareTo_leapSecond_sortsBetween() {
    Timestamp before = Timestamp.parse("2016-12-31T23:59:59.999Z");
    Timestamp leap = Timestamp.parse("2016-12-31T23:59:60.500Z");
    Timestamp after = Timestamp.parse("2017-01-01T00:00:00.600Z");
    assertThat(leap).isGreaterThan(before).isLessThan(after);
    assertThat(leap.isLeapSecond()).isTrue();
    assertThat(leap.toInstant()).isEqualTo(Instant.parse("2016-12-31T23:59:59.999999999Z"));
  }

  @Test
  @DisplayName("Text that is not RFC 3339 is rejected naming it")
  void parse_garbage_rejected() {
    assertThatThrownBy(() -> Timestamp.parse("yesterday"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected RFC 3339 timestamp, got \"yesterday\"");
    assertThatThrownBy(() -> new Timestamp(0, 1_000_000_000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("leap second");
  }
}
