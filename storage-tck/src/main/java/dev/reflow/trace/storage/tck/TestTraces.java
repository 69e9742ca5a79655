package dev.reflow.trace.storage.tck;

import dev.reflow.trace.model.EventId;
import dev.reflow.trace.model.ExecutionId;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.Timestamp;
import dev.reflow.trace.model.TraceId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Deterministic test data for the TCK and for backend modules' own tests. Every id derives from a
 * seed, so a failing test shows the same data on every run; nothing is random.
 *
 * <pre>{@code
 * FlowTrace t = TestTraces.trace(7).flowId("orders").startTime("2026-03-14T09:00:00.000001Z")
 *     .event(TestTraces.event("reader")).status(ExecutionStatus.failed("boom")).build();
 * }</pre>
 */
public final class TestTraces {
  /** The default start time of built traces: {@code 2026-03-14T09:00:00Z}. */
  public static final Timestamp BASE_TIME = Timestamp.parse("2026-03-14T09:00:00Z");

  private TestTraces() {}

  /** A builder for a trace whose ids derive from {@code seed}; one event by actor {@code "actor"}. */
  public static TraceBuilder trace(long seed) {
    return new TraceBuilder(seed);
  }

  /** A builder for one event by {@code actorId}; unset ids and times are filled in by the trace. */
  public static EventBuilder event(String actorId) {
    return new EventBuilder(actorId);
  }

  /**
   * {@code count} traces with seeds {@code firstSeed, firstSeed+1, …}, start times one millisecond
   * apart from {@link #BASE_TIME} (so their order is unambiguous), flow {@code "flow-" + (seed % 3)}.
   */
  public static List<FlowTrace> many(int count, long firstSeed) {
    List<FlowTrace> traces = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long seed = firstSeed + i;
      traces.add(trace(seed)
          .flowId("flow-" + Math.floorMod(seed, 3))
          .startTime(plusMicros(BASE_TIME, 1000L * i))
          .build());
    }
    return traces;
  }

  /** A version-4-shaped UUID from a seed. */
  public static UUID uuid(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    return uuid(r);
  }

  static UUID uuid(SplittableRandom r) {
    long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (r.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(msb, lsb);
  }

  /** A trace id derived from {@code seed}. About half of them start with a hex digit of 8 or more. */
  public static TraceId traceId(long seed) {
    return TraceId.of(uuid(seed));
  }

  public static ExecutionId executionId(long seed) {
    return ExecutionId.of(uuid(~seed));
  }

  public static EventId eventId(long seed) {
    return EventId.of(uuid(seed * 31 + 17));
  }

  /** An RFC 3339 timestamp, e.g. {@code "2026-03-14T09:00:00.123456789Z"}. */
  public static Timestamp at(String rfc3339) {
    return Timestamp.parse(rfc3339);
  }

  public static Timestamp at(Instant instant) {
    return Timestamp.of(instant);
  }

  public static Timestamp plusMicros(Timestamp t, long micros) {
    return Timestamp.of(t.toInstant().plusNanos(Math.multiplyExact(micros, 1000L)));
  }

  public static Timestamp plusNanos(Timestamp t, long nanos) {
    return Timestamp.of(t.toInstant().plusNanos(nanos));
  }
}
