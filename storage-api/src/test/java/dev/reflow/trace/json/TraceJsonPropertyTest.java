package dev.reflow.trace.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.JsonValue;
import dev.reflow.trace.model.TraceEvent;
import dev.reflow.trace.model.TraceEventData;
import dev.reflow.trace.storage.spi.IndexedTrace;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Random traces through write, read and write again: equal values and identical bytes. */
class TraceJsonPropertyTest {
  private final SplittableRandom rnd = new SplittableRandom(1_2026_03_14L);
  private final RandomTraces random = new RandomTraces(rnd);

  @Test
  @DisplayName("random traces: read(write(t)) equals t and writing again gives the same bytes")
  void roundTrip_randomTraces_stable() {
    for (int i = 0; i < 300; i++) {
      FlowTrace t = random.trace();
      byte[] once = TraceJson.writeBytes(t);
      FlowTrace back = TraceJson.read(once);
      assertThat(back).as("trace %d: %s", i, TraceJson.write(t)).isEqualTo(t);
      assertThat(TraceJson.writeBytes(back)).isEqualTo(once);
    }
  }

  @Test
  @DisplayName("canonical check: accepts exactly the bytes that reading and writing again give back, and reads the indexed fields")
  void canonicalCheck_agreesWithReadThenWrite() {
    int accepted = 0;
    int refused = 0;
    for (int i = 0; i < 300; i++) {
      FlowTrace t = random.trace();
      byte[] json = TraceJson.writeBytes(t);
      assertThat(IndexedTrace.ofCanonicalJson(json)).as("trace %d", i).isEqualTo(IndexedTrace.of(t));
      for (int m = 0; m < 40; m++) {
        byte[] mutated = mutate(json);
        boolean expected = roundTrips(mutated);
        assertThat(canonical(mutated)).as("trace %d, mutation %d: %s", i, m,
            new String(mutated, StandardCharsets.UTF_8)).isEqualTo(expected);
        if (expected) {
          accepted++;
        } else {
          refused++;
        }
      }
    }
    // Both verdicts occur, so the comparison tests something either way.
    assertThat(accepted).isGreaterThan(100);
    assertThat(refused).isGreaterThan(1000);
  }

  @Test
  @DisplayName("canonical check: nesting is refused exactly where reading refuses it")
  void canonicalCheck_depthLimit_sameAsReading() {
    for (int depth = 115; depth < 130; depth++) {
      JsonValue v = JsonValue.of("x");
      for (int i = 0; i < depth; i++) {
        v = i % 2 == 0 ? new JsonValue.JsonArray(List.of(v)) : new JsonValue.JsonObject(Map.of("k", v));
      }
      FlowTrace t = random.trace();
      TraceEvent e = random.event();
      TraceEventData d = e.data();
      TraceEvent deep = new TraceEvent(e.eventId(), e.timestamp(), e.eventType(), e.actorId(),
          new TraceEventData(d.port(), d.message(), d.stateDiff(), d.error(), d.performanceMetrics(), Map.of("a", v)),
          e.causality());
      FlowTrace withDeep = new FlowTrace(t.traceId(), t.flowId(), t.executionId(), t.version(), t.startTime(),
          t.endTime(), t.status(), List.of(deep), t.metadata());
      byte[] json = TraceJson.writeBytes(withDeep);
      assertThat(canonical(json)).as("depth %d", depth).isEqualTo(roundTrips(json));
    }
  }

  private static boolean roundTrips(byte[] json) {
    try {
      return Arrays.equals(TraceJson.writeBytes(TraceJson.read(json)), json);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static boolean canonical(byte[] json) {
    try {
      IndexedTrace.ofCanonicalJson(json);
      return true;
    } catch (TraceFormatException e) {
      return false;
    }
  }

  private static final String[] SWAPS = {"Z\"", "+00:00\"", ".0", ".00", "0", "00", "1", "-1", "\\n", "\\u000a",
    "\\u0001", "\\u0001", "\\u0001", "\\u0041", "a", "A", "e", "E", "null", "[]", "\"a\"", "\"\\/\"", ":", ": ",
    ",", ", ", "f", "F", "\"Completed\"", "\"Pending\"", "\"ActorStarted\"", "\"Full\""};

  /** One small change: a byte deleted, inserted or replaced, or a known token swapped for a look-alike. */
  private byte[] mutate(byte[] json) {
    String s = new String(json, StandardCharsets.UTF_8);
    int at = rnd.nextInt(json.length);
    switch (rnd.nextInt(4)) {
      case 0:
        return concat(Arrays.copyOfRange(json, 0, at), Arrays.copyOfRange(json, at + 1, json.length));
      case 1: {
        String bytes = " 0\"\\u,}e.-AF9:[]{n";
        byte[] ins = {(byte) bytes.charAt(rnd.nextInt(bytes.length()))};
        return concat(concat(Arrays.copyOfRange(json, 0, at), ins), Arrays.copyOfRange(json, at, json.length));
      }
      case 2: {
        byte[] copy = json.clone();
        String bytes = "0123456789abcdefABCDEF\" ,.e-";
        copy[at] = (byte) bytes.charAt(rnd.nextInt(bytes.length()));
        return copy;
      }
      default: {
        int k = rnd.nextInt(SWAPS.length / 2) * 2;
        String from = SWAPS[k + rnd.nextInt(2)];
        String to = SWAPS[k + (from.equals(SWAPS[k]) ? 1 : 0)];
        int where = s.indexOf(from, rnd.nextInt(s.length()));
        if (where < 0) {
          where = s.indexOf(from);
        }
        if (where < 0) {
          return json;
        }
        return (s.substring(0, where) + to + s.substring(where + from.length())).getBytes(StandardCharsets.UTF_8);
      }
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
