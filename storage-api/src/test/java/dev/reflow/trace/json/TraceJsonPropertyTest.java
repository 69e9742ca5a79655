package dev.reflow.trace.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflow.trace.model.CausalityInfo;
import dev.reflow.trace.model.EventId;
import dev.reflow.trace.model.ExecutionId;
import dev.reflow.trace.model.ExecutionStatus;
import dev.reflow.trace.model.FlowId;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.FlowVersion;
import dev.reflow.trace.model.JsonValue;
import dev.reflow.trace.model.MessageSnapshot;
import dev.reflow.trace.model.PerformanceMetrics;
import dev.reflow.trace.model.StateDiff;
import dev.reflow.trace.model.StateDiffType;
import dev.reflow.trace.model.Timestamp;
import dev.reflow.trace.model.TraceEvent;
import dev.reflow.trace.model.TraceEventData;
import dev.reflow.trace.model.TraceEventType;
import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.model.TraceMetadata;
import dev.reflow.trace.storage.spi.IndexedTrace;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Random traces through write, read and write again: equal values and identical bytes. */
class TraceJsonPropertyTest {
  private final SplittableRandom rnd = new SplittableRandom(1_2026_03_14L);

  @Test
  @DisplayName("random traces: read(write(t)) equals t and writing again gives the same bytes")
  void roundTrip_randomTraces_stable() {
    for (int i = 0; i < 300; i++) {
      FlowTrace t = trace();
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
      FlowTrace t = trace();
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
      FlowTrace t = trace();
      TraceEvent e = event();
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

  private FlowTrace trace() {
    List<TraceEvent> events = new ArrayList<>();
    int n = rnd.nextInt(6);
    for (int i = 0; i < n; i++) {
      events.add(event());
    }
    Map<String, String> tags = new LinkedHashMap<>();
    for (int i = rnd.nextInt(4); i > 0; i--) {
      tags.put(text(), text());
    }
    ExecutionStatus status = switch (rnd.nextInt(5)) {
      case 0 -> ExecutionStatus.PENDING;
      case 1 -> ExecutionStatus.RUNNING;
      case 2 -> ExecutionStatus.COMPLETED;
      case 3 -> ExecutionStatus.failed(text());
      default -> ExecutionStatus.CANCELLED;
    };
    return new FlowTrace(TraceId.of(uuid()), FlowId.of(text()), ExecutionId.of(uuid()),
        new FlowVersion(rnd.nextLong(1L << 32), rnd.nextInt(3), 0, rnd.nextBoolean() ? null : text(), time()),
        time(), rnd.nextBoolean() ? null : time(), status, events,
        new TraceMetadata(maybe(), maybe(), text(), text(), rnd.nextLong(1L << 32), text(), tags));
  }

  private TraceEvent event() {
    TraceEventType type = rnd.nextInt(4) == 0 ? TraceEventType.dataFlow(text(), text())
        : TraceEventType.Simple.values()[rnd.nextInt(TraceEventType.Simple.values().length)];
    MessageSnapshot msg = rnd.nextBoolean() ? null : new MessageSnapshot(text(), rnd.nextLong(), text(), bytes(),
        rnd.nextBoolean() ? "none" : "zstd", rnd.nextInt(3), rnd.nextBoolean() ? null : rnd.nextLong());
    StateDiff diff = rnd.nextInt(3) != 0 ? null
        : new StateDiff(rnd.nextBoolean() ? null : bytes(), bytes(), StateDiffType.values()[rnd.nextInt(3)]);
    PerformanceMetrics m = new PerformanceMetrics(
        rnd.nextBoolean() ? null : rnd.nextLong(), rnd.nextBoolean() ? null : rnd.nextLong(),
        rnd.nextBoolean() ? null : f32(), rnd.nextBoolean() ? null : rnd.nextLong(),
        rnd.nextBoolean() ? null : f64());
    Map<String, JsonValue> attrs = new LinkedHashMap<>();
    for (int i = rnd.nextInt(4); i > 0; i--) {
      attrs.put(text(), value(3));
    }
    List<EventId> chain = new ArrayList<>();
    for (int i = rnd.nextInt(3); i > 0; i--) {
      chain.add(EventId.of(uuid()));
    }
    return new TraceEvent(EventId.of(uuid()), time(), type, text(),
        new TraceEventData(maybe(), msg, diff, maybe(), m, attrs),
        new CausalityInfo(rnd.nextBoolean() ? null : EventId.of(uuid()), EventId.of(uuid()), chain, text()));
  }

  private JsonValue value(int depth) {
    int k = rnd.nextInt(depth > 0 ? 8 : 6);
    switch (k) {
      case 0:
        return JsonValue.NULL;
      case 1:
        return JsonValue.of(rnd.nextBoolean());
      case 2:
        return rnd.nextBoolean() ? JsonValue.of(rnd.nextLong())
            : new JsonValue.JsonInteger(new BigInteger(64, new java.util.Random(rnd.nextLong())));
      case 3:
        // NaN and infinities cannot round-trip (serde_json writes null), so stay finite.
        return JsonValue.of(f64());
      case 4:
      case 5:
        return JsonValue.of(text());
      case 6: {
        List<JsonValue> items = new ArrayList<>();
        for (int i = rnd.nextInt(4); i > 0; i--) {
          items.add(value(depth - 1));
        }
        return new JsonValue.JsonArray(items);
      }
      default: {
        Map<String, JsonValue> members = new LinkedHashMap<>();
        for (int i = rnd.nextInt(4); i > 0; i--) {
          members.put(text(), value(depth - 1));
        }
        return new JsonValue.JsonObject(members);
      }
    }
  }

  private double f64() {
    double d;
    do {
      d = switch (rnd.nextInt(4)) {
        case 0 -> Double.longBitsToDouble(rnd.nextLong());
        case 1 -> rnd.nextInt(100_000) / 100.0;
        case 2 -> rnd.nextDouble() * Math.pow(10, rnd.nextInt(-30, 30));
        default -> rnd.nextBoolean() ? 0.0 : -0.0;
      };
    } while (!Double.isFinite(d));
    return d;
  }

  private float f32() {
    float f;
    do {
      f = rnd.nextBoolean() ? Float.intBitsToFloat(rnd.nextInt()) : rnd.nextInt(10_000) / 100f;
    } while (!Float.isFinite(f));
    return f;
  }

  private byte[] bytes() {
    byte[] b = new byte[rnd.nextInt(20)];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) rnd.nextInt(256);
    }
    return b;
  }

  private UUID uuid() {
    return new UUID(rnd.nextLong(), rnd.nextLong());
  }

  private Timestamp time() {
    long sec = rnd.nextInt(10) == 0 ? rnd.nextLong(-8_000_000_000_000L, 8_000_000_000_000L)
        : 1_700_000_000L + rnd.nextInt(100_000_000);
    int nanos = switch (rnd.nextInt(4)) {
      case 0 -> 0;
      case 1 -> rnd.nextInt(1000) * 1_000_000;
      case 2 -> rnd.nextInt(1_000_000) * 1000;
      default -> rnd.nextInt(1_000_000_000);
    };
    if (rnd.nextInt(20) == 0) {
      sec = sec - Math.floorMod(sec, 60) + 59;
      nanos += 1_000_000_000;
    }
    return new Timestamp(sec, nanos);
  }

  private String maybe() {
    return rnd.nextBoolean() ? null : text();
  }

  private static final String[] PIECES = {"a", "reader", "Ω", "é", "\u2028", "\ud83d\ude00", "\"", "\\", "\n",
    "\u0001", "\u001f", "\u007f", "/", " ", "{", "}", "[", "]", ",", ":", "0", "null", "\t"};

  private String text() {
    StringBuilder sb = new StringBuilder();
    for (int i = rnd.nextInt(6); i > 0; i--) {
      sb.append(PIECES[rnd.nextInt(PIECES.length)]);
    }
    return sb.toString();
  }
}
