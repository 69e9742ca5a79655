package dev.reflow.trace.json;

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
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Seeded traces with random values in every field (text full of JSON's special characters,
 * integers beyond i64, times before 1970, after 2262 and on leap seconds, finite floats only:
 * serde_json writes NaN and infinities as null), for property tests of anything that stores or
 * encodes traces. Shared through storage-api's test-jar, so that every codec is tested on the same
 * kind of input.
 */
public final class RandomTraces {
  private final SplittableRandom rnd;
  private final String[] extraPieces;

  /**
   * @param rnd the random source (a test may draw from it too)
   * @param extraTextPieces what a particular store treats specially in text (MongoDB: {@code "$"},
   *     {@code "\u0000"}, ...), mixed into every random string besides the JSON specials
   */
  public RandomTraces(SplittableRandom rnd, String... extraTextPieces) {
    this.rnd = rnd;
    this.extraPieces = extraTextPieces.clone();
  }

  public RandomTraces(long seed, String... extraTextPieces) {
    this(new SplittableRandom(seed), extraTextPieces);
  }

  /** A trace with random values in every field. */
  public FlowTrace trace() {
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

  /** An event with random values in every field. */
  public TraceEvent event() {
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
      int k = rnd.nextInt(PIECES.length + extraPieces.length);
      sb.append(k < PIECES.length ? PIECES[k] : extraPieces[k - PIECES.length]);
    }
    return sb.toString();
  }
}
