package dev.reflow.trace.json.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflow.trace.model.Timestamp;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class JsonOutTest {

  @Test
  @DisplayName("the byte writer's timestamps equal Timestamp.toString and parse back, over chrono's whole range")
  void timestamp_random_matchesToStringAndParsesBack() {
    SplittableRandom rnd = new SplittableRandom(7);
    long min = Timestamp.parse("-262143-01-01T00:00:00Z").epochSecond();
    long max = Timestamp.parse("+262142-12-31T23:59:59Z").epochSecond();
    JsonOut o = new JsonOut();
    for (int i = 0; i < 20_000; i++) {
      long sec = i % 2 == 0 ? rnd.nextLong(min, max + 1) : rnd.nextLong(-5_000_000_000L, 5_000_000_000L);
      int nanos = switch (i % 4) {
        case 0 -> 0;
        case 1 -> rnd.nextInt(1000) * 1_000_000;
        case 2 -> rnd.nextInt(1_000_000) * 1000;
        default -> rnd.nextInt(1_000_000_000);
      };
      if (i % 10 == 0) {
        sec = sec - Math.floorMod(sec, 60) + 59; // a leap second on second 59
        nanos += 1_000_000_000;
      }
      Timestamp t = new Timestamp(sec, nanos);
      o.reset();
      o.timestamp(sec, nanos);
      String written = o.toString();
      assertThat(written).isEqualTo("\"" + t + "\"");
      assertThat(Timestamp.parse(t.toString())).as("parse of %s", t).isEqualTo(t);
    }
  }

  @Test
  @DisplayName("UUIDs are written lowercase hyphenated, as uuid's Display does")
  void uuid_random_lowercaseHyphenated() {
    SplittableRandom rnd = new SplittableRandom(3);
    JsonOut o = new JsonOut();
    for (int i = 0; i < 1000; i++) {
      UUID u = new UUID(rnd.nextLong(), rnd.nextLong());
      o.reset();
      o.uuid(u);
      assertThat(o.toString()).isEqualTo("\"" + u.toString() + "\"");
    }
  }

  @Test
  @DisplayName("integers: signed and unsigned 64-bit extremes")
  void numbers_extremes() {
    JsonOut o = new JsonOut();
    o.number(Long.MIN_VALUE);
    o.raw(',');
    o.number(0);
    o.raw(',');
    o.unsigned(-1L);
    o.raw(',');
    o.unsigned(Long.MAX_VALUE);
    assertThat(o.toString()).isEqualTo("-9223372036854775808,0,18446744073709551615,9223372036854775807");
  }

  @Test
  @DisplayName("a long string of control characters grows the buffer correctly")
  void string_manyEscapes_growsBuffer() {
    JsonOut o = new JsonOut(64);
    String s = "\u0001".repeat(5000) + "\u00e9";
    o.string(s);
    assertThat(o.toString()).isEqualTo("\"" + "\\u0001".repeat(5000) + "\u00e9\"");
  }
}
