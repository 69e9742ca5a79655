package dev.reflow.trace.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflow.trace.model.Timestamp;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FormatsTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-15T12:00:00Z"), ZoneOffset.UTC);

  @Test
  @DisplayName("durations read short at every scale")
  void duration_scales() {
    assertThat(Formats.duration(Duration.ofNanos(850_400))).isEqualTo("850us");
    assertThat(Formats.duration(Duration.ofNanos(530_593_273))).isEqualTo("530.6ms");
    assertThat(Formats.duration(Duration.ofMillis(12_345))).isEqualTo("12.35s");
    assertThat(Formats.duration(Duration.ofSeconds(185))).isEqualTo("3m05s");
    assertThat(Formats.duration(Duration.ofMinutes(123))).isEqualTo("2h03m");
    assertThat(Formats.duration(Duration.ofHours(76))).isEqualTo("3d04h");
  }

  @Test
  @DisplayName("start times are UTC with milliseconds, truncated, also for leap seconds")
  void start_format() {
    assertThat(Formats.start(Timestamp.parse("2026-03-14T09:26:53.589793238Z"))).isEqualTo("2026-03-14 09:26:53.589");
    assertThat(Formats.start(Timestamp.parse("2026-03-14T11:00:00+02:00"))).isEqualTo("2026-03-14 09:00:00.000");
    assertThat(Formats.start(Timestamp.parse("2016-12-31T23:59:60.500Z"))).isEqualTo("2016-12-31 23:59:59.999");
  }

  @Test
  @DisplayName("sizes and counts")
  void bytesAndCounts() {
    assertThat(Formats.bytes(512)).isEqualTo("512 B");
    assertThat(Formats.bytes(12_897_280)).isEqualTo("12.3 MiB");
    assertThat(Formats.count(1_234_567)).isEqualTo("1,234,567");
    assertThat(Formats.seconds(840_000_000L)).isEqualTo("0.84");
  }

  @Test
  @DisplayName("relative ages: 90s, 15m, 2h, 7d, 2w and ISO-8601 count back from the clock")
  void timeArguments_relative() {
    assertThat(TimeArguments.instant("90s", CLOCK)).isEqualTo(Instant.parse("2026-03-15T11:58:30Z"));
    assertThat(TimeArguments.instant("15m", CLOCK)).isEqualTo(Instant.parse("2026-03-15T11:45:00Z"));
    assertThat(TimeArguments.instant("2h", CLOCK)).isEqualTo(Instant.parse("2026-03-15T10:00:00Z"));
    assertThat(TimeArguments.instant("7d", CLOCK)).isEqualTo(Instant.parse("2026-03-08T12:00:00Z"));
    assertThat(TimeArguments.instant("2w", CLOCK)).isEqualTo(Instant.parse("2026-03-01T12:00:00Z"));
    assertThat(TimeArguments.instant("PT15M", CLOCK)).isEqualTo(Instant.parse("2026-03-15T11:45:00Z"));
  }

  @Test
  @DisplayName("absolute times: RFC 3339 with any offset, nanoseconds kept")
  void timeArguments_absolute() {
    assertThat(TimeArguments.instant("2026-03-14T09:26:53.589793238Z", CLOCK))
        .isEqualTo(Instant.parse("2026-03-14T09:26:53.589793238Z"));
    assertThat(TimeArguments.instant("2026-03-14T11:00:00+02:00", CLOCK)).isEqualTo(Instant.parse("2026-03-14T09:00:00Z"));
  }

  @Test
  @DisplayName("anything else is rejected with the accepted forms")
  void timeArguments_invalid() {
    assertThatThrownBy(() -> TimeArguments.instant("yesterday", CLOCK)).hasMessageContaining("neither an RFC 3339");
    assertThatThrownBy(() -> TimeArguments.instant("2026-03-14", CLOCK)).hasMessageContaining("neither an RFC 3339");
    assertThatThrownBy(() -> TimeArguments.age("3 fortnights")).hasMessageContaining("is not an age");
  }

  @Test
  @DisplayName("tables pad columns to their widest cell, align numbers right and trim trailing space")
  void table_alignment() {
    Table t = Table.withHeaders("NAME", "COUNT", "NOTE").alignRight(1)
        .row("a", 5, "x")
        .row("longer-name", 12_345, "");
    assertThat(t.lines()).containsExactly(
        "NAME         COUNT  NOTE",
        "a                5  x",
        "longer-name  12345");
    StringWriter sw = new StringWriter();
    Table.withoutHeaders(2).row("k", "v").print(new PrintWriter(sw, true));
    assertThat(sw.toString()).isEqualTo("k  v" + System.lineSeparator());
    assertThatThrownBy(() -> t.row("only one")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("the progress bar draws in place only when enabled, and erases itself")
  void progressBar() {
    StringWriter sw = new StringWriter();
    ProgressBar bar = new ProgressBar(new PrintWriter(sw), true, "importing", 200);
    assertThat(bar.render(50, 7)).isEqualTo("importing [========                      ]  25% 7 traces");
    bar.update(50, 7);
    bar.finish();
    assertThat(sw.toString()).startsWith("\rimporting [").endsWith("\r");

    StringWriter off = new StringWriter();
    ProgressBar disabled = new ProgressBar(new PrintWriter(off), false, "importing", 200);
    disabled.update(50, 7);
    disabled.finish();
    assertThat(off.toString()).isEmpty();
  }
}
