package dev.reflow.trace.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Time bounds in microseconds, as every backend filters on them. */
class TraceQueryBoundsTest {

  @Test
  @DisplayName("Instant.MAX and Instant.MIN as bounds saturate to the long range instead of throwing")
  void extremeBounds_saturate() {
    TraceQuery q = TraceQuery.builder().timeRange(Instant.MIN, Instant.MAX).build();
    assertThat(q.fromMicros()).isEqualTo(Long.MIN_VALUE);
    assertThat(q.toMicros()).isEqualTo(Long.MAX_VALUE);
    // Just past what a long of microseconds holds, on either side.
    Instant beyond = Instant.ofEpochSecond(Long.MAX_VALUE / 1_000_000 + 1);
    assertThat(TraceQuery.builder().to(beyond).build().toMicros()).isEqualTo(Long.MAX_VALUE);
    assertThat(TraceQuery.builder().from(Instant.ofEpochSecond(-beyond.getEpochSecond())).build().fromMicros())
        .isEqualTo(Long.MIN_VALUE);
  }

  @Test
  @DisplayName("ordinary bounds are exact microseconds, truncated toward the past")
  void ordinaryBounds_truncatedTowardThePast() {
    TraceQuery q = TraceQuery.builder()
        .timeRange(Instant.parse("1969-12-31T23:59:59.999999500Z"), Instant.parse("2026-03-14T09:26:53.589793238Z")).build();
    assertThat(q.fromMicros()).isEqualTo(-1L);
    assertThat(q.toMicros()).isEqualTo(1_773_480_413_589_793L);
  }
}
