package dev.reflow.trace.cli.demo;

import dev.reflow.trace.cli.demo.FlowTemplate.Payload;
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
import dev.reflow.trace.model.Timestamp;
import dev.reflow.trace.model.TraceEvent;
import dev.reflow.trace.model.TraceEventData;
import dev.reflow.trace.model.TraceEventType;
import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.model.TraceMetadata;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A seeded generator of synthetic but realistic Reflow traces: six flows of four actors each,
 * mostly {@code Completed} with failures, in-flight and cancelled runs among them; 5 to 50 events
 * per trace; messages that travel between named actors as {@code MessageSent}, {@code DataFlow}
 * and {@code MessageReceived} events; message snapshots with Reflow's {@code sha256:} content
 * checksums, a quarter of them with the content captured; plausible performance metrics.
 *
 * <p>The same seed, anchor and window give the same traces, so benchmarks can regenerate their
 * data and re-running {@code reflow-trace demo} replaces its traces instead of adding more. Not
 * thread-safe; use one generator per thread.
 */
public final class SyntheticTraces {
  /** The anchor of {@link #SyntheticTraces(long)}, fixed so its output never changes. */
  public static final Instant DEFAULT_NEWEST = Instant.parse("2026-03-15T00:00:00Z");
  /** Start times spread over this window by default. */
  public static final Duration DEFAULT_WINDOW = Duration.ofDays(7);

  private static final String[] REGIONS = {"eu-west-1", "us-east-1", "ap-southeast-2"};
  private static final int[] FLOW_WEIGHTS = {30, 20, 15, 5, 15, 15};

  private final SplittableRandom random;
  private final Shape shape;
  private final Instant newest;
  private final long windowNanos;
  private final Map<String, String> gitHashes = new TreeMap<>();

  /** Start times within the week before {@link #DEFAULT_NEWEST}. */
  public SyntheticTraces(long seed) {
    this(seed, DEFAULT_NEWEST, DEFAULT_WINDOW);
  }

  /**
   * @param seed the same seed gives the same traces
   * @param newest no trace starts after this instant
   * @param window start times fall within {@code [newest - window, newest]}
   */
  public SyntheticTraces(long seed, Instant newest, Duration window) {
    this(seed, newest, window, Shape.DEMO);
  }

  /**
   * @param seed the same seed gives the same traces
   * @param newest no trace starts after this instant
   * @param window start times fall within {@code [newest - window, newest]}
   * @param shape how many events a trace has and how much each carries
   */
  public SyntheticTraces(long seed, Instant newest, Duration window, Shape shape) {
    this.shape = Objects.requireNonNull(shape, "shape");
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive, got " + window);
    }
    this.random = new SplittableRandom(seed);
    this.newest = newest;
    this.windowNanos = window.toNanos();
    for (FlowTemplate f : FlowTemplate.ALL) {
      gitHashes.put(f.flowId(), hex(20));
    }
  }

  /** The flow ids the generator uses. */
  public static List<String> flowIds() {
    return FlowTemplate.ALL.stream().map(FlowTemplate::flowId).toList();
  }

  /** The next {@code count} traces. */
  public List<FlowTrace> next(int count) {
    List<FlowTrace> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(next());
    }
    return out;
  }

  /** An endless stream of traces; limit it. */
  public Stream<FlowTrace> stream() {
    return Stream.generate(this::next);
  }

  /** The next trace. */
  public FlowTrace next() {
    FlowTemplate flow = pickFlow();
    double roll = random.nextDouble();
    ExecutionStatus.Kind kind = roll < 0.82 ? ExecutionStatus.Kind.COMPLETED
        : roll < 0.92 ? ExecutionStatus.Kind.FAILED
        : roll < 0.96 ? ExecutionStatus.Kind.RUNNING
        : ExecutionStatus.Kind.CANCELLED;
    Timestamp start = Timestamp.of(newest.minusNanos(random.nextLong(windowNanos)));
    int eventCount = shape.eventCount(random);
    Run run = new Run(flow, start);
    String error = kind == ExecutionStatus.Kind.FAILED ? flow.errors().get(random.nextInt(flow.errors().size())) : null;
    int tail = switch (kind) {
      case COMPLETED, FAILED -> 2;
      case CANCELLED -> 1;
      default -> 0;
    };
    run.messages(eventCount - tail);
    ExecutionStatus status;
    switch (kind) {
      case COMPLETED -> {
        run.lifecycle(run.lastStarted(), TraceEventType.Simple.ACTOR_COMPLETED, null);
        run.network("FlowCompleted");
        status = ExecutionStatus.COMPLETED;
      }
      case FAILED -> {
        run.lifecycle(random.nextInt(run.started + 1), TraceEventType.Simple.ACTOR_FAILED, error);
        run.network("FlowFailed");
        status = ExecutionStatus.failed(error);
      }
      case CANCELLED -> {
        run.network("FlowCancelled");
        status = ExecutionStatus.CANCELLED;
      }
      default -> status = ExecutionStatus.RUNNING;
    }
    Timestamp end = kind == ExecutionStatus.Kind.RUNNING ? null : run.advance(100_000, 2_000_000);
    return new FlowTrace(TraceId.of(uuid()), FlowId.of(flow.flowId()), ExecutionId.of(uuid()), version(flow, start),
        start, end, status, run.events, metadata(flow));
  }

  private FlowTemplate pickFlow() {
    int r = random.nextInt(100);
    for (int i = 0; i < FLOW_WEIGHTS.length; i++) {
      r -= FLOW_WEIGHTS[i];
      if (r < 0) {
        return FlowTemplate.ALL.get(i);
      }
    }
    return FlowTemplate.ALL.get(0);
  }

  private FlowVersion version(FlowTemplate flow, Timestamp start) {
    int[] v = flow.version();
    // Deployed some days before the run, on a whole second, as CI stamps it.
    Timestamp deployed = new Timestamp(start.epochSecond() - 86_400L * (3 + (flow.flowId().length() % 20)), 0);
    String hash = random.nextInt(10) == 0 ? null : gitHashes.get(flow.flowId());
    return new FlowVersion(v[0], v[1], v[2], hash, deployed);
  }

  private TraceMetadata metadata(FlowTemplate flow) {
    boolean interactive = flow.payload() == Payload.ORDER || flow.payload() == Payload.PAYMENT
        || flow.payload() == Payload.SIGNUP;
    String userId = interactive ? "user-" + (1000 + random.nextInt(9000)) : null;
    String sessionId = interactive ? "sess-" + hex(3) : null;
    int env = random.nextInt(10);
    String environment = env < 7 ? "production" : env < 9 ? "staging" : "development";
    String region = REGIONS[random.nextInt(REGIONS.length)];
    String host = String.format(Locale.ROOT, "worker-%02d.%s.internal", 1 + random.nextInt(12), region);
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("flow_kind", flow.kind());
    tags.put("region", region);
    tags.put("team", flow.team());
    return new TraceMetadata(userId, sessionId, environment, host, 1000 + random.nextInt(64_000),
        "ThreadId(" + (1 + random.nextInt(32)) + ")", tags);
  }

  private UUID uuid() {
    long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(msb, lsb);
  }

  private String hex(int bytes) {
    byte[] b = new byte[bytes];
    for (int i = 0; i < bytes; i++) {
      b[i] = (byte) random.nextInt(256);
    }
    return HexFormat.of().formatHex(b);
  }

  /**
   * How big the traces are.
   *
   * @param minEvents fewest events in a trace (at least 5: a run needs room for its lifecycle)
   * @param maxEvents most events in a trace
   * @param meanExtraEvents {@code 0} spreads the event count uniformly over
   *     {@code [minEvents, maxEvents]}; above zero, the count is {@code minEvents} plus a
   *     heavy-tailed (Lomax, shape 2.5) number of about this mean, cut at {@code maxEvents}: most
   *     runs are short, a few are long, as in production
   * @param maxDependencyChain most ancestors an event's causality chain keeps
   * @param captureOneIn one message snapshot in this many keeps its content
   */
  public record Shape(int minEvents, int maxEvents, double meanExtraEvents, int maxDependencyChain, int captureOneIn) {
    /** The demo's traces: 5 to 50 events, uniformly; about 27 KB of JSON on average. */
    public static final Shape DEMO = new Shape(5, 50, 0, 12, 4);
    /**
     * Mostly short runs with a long tail up to 50 events; about 6 KB of JSON on average, the
     * size the benchmarks are specified for.
     */
    public static final Shape COMPACT = new Shape(5, 50, 2.7, 4, 6);

    private static final double LOMAX_SHAPE = 2.5;

    public Shape {
      if (minEvents < 5 || maxEvents < minEvents) {
        throw new IllegalArgumentException("need 5 <= minEvents <= maxEvents, got " + minEvents + ".." + maxEvents);
      }
      if (meanExtraEvents < 0 || maxDependencyChain < 0 || captureOneIn < 1) {
        throw new IllegalArgumentException("invalid shape " + this);
      }
    }

    int eventCount(SplittableRandom random) {
      if (meanExtraEvents == 0) {
        return minEvents + random.nextInt(maxEvents - minEvents + 1);
      }
      // Lomax (Pareto II) by inversion; its mean is scale / (shape - 1).
      double scale = meanExtraEvents * (LOMAX_SHAPE - 1);
      double extra = scale * (Math.pow(1 - random.nextDouble(), -1 / LOMAX_SHAPE) - 1);
      return (int) Math.min(maxEvents, minEvents + Math.floor(extra));
    }
  }

  /** The events of one run under construction. */
  private final class Run {
    final FlowTemplate flow;
    final List<TraceEvent> events = new ArrayList<>();
    final EventId[] created;
    final EventId[] startedId;
    final long latencyNanos;
    long clockSecond;
    long clockNanos;
    int started = -1;
    long sequence;

    Run(FlowTemplate flow, Timestamp start) {
      this.flow = flow;
      this.created = new EventId[flow.actors().size()];
      this.startedId = new EventId[flow.actors().size()];
      this.clockSecond = start.epochSecond();
      this.clockNanos = start.nanos() % 1_000_000_000;
      this.latencyNanos = switch (flow.payload()) {
        case ROWS -> 150_000_000L;
        case IMAGE -> 20_000_000L;
        default -> 2_000_000L;
      };
    }

    int lastStarted() {
      return Math.max(started, 0);
    }

    /** Messages from the first actor down the pipeline until the trace has {@code budget} events. */
    void messages(int budget) {
      while (events.size() < budget) {
        ensureStarted(0, budget);
        if (events.size() >= budget) {
          return;
        }
        Object content = content();
        EventId parent = startedId[0];
        TraceEvent sent = add(TraceEventType.Simple.MESSAGE_SENT, actor(0), data("out", snapshot(content, 0),
            PerformanceMetrics.cheap(nanos(5_000, 80_000), random.nextInt(8)), Map.of("attempt", JsonValue.of(1L))), parent);
        parent = sent.eventId();
        for (int hop = 0; hop + 1 < flow.actors().size() && events.size() < budget; hop++) {
          ensureStarted(hop + 1, budget);
          if (events.size() >= budget) {
            return;
          }
          MessageSnapshot snap = snapshot(content, hop);
          Map<String, JsonValue> attrs = new LinkedHashMap<>();
          // LinkedHashMap, never Map.of: its iteration order changes between JVM runs, and the
          // member order is written out.
          Map<String, JsonValue> edge = new LinkedHashMap<>();
          edge.put("from", JsonValue.of(actor(hop) + ":out"));
          edge.put("to", JsonValue.of(actor(hop + 1) + ":in"));
          attrs.put("edge", JsonValue.object(edge));
          attrs.put("sampled", JsonValue.of(random.nextInt(4) != 0));
          TraceEvent flowEvent = add(TraceEventType.dataFlow(actor(hop + 1), "in"), actor(hop),
              data("out", snap, fullMetrics(), attrs), parent);
          parent = flowEvent.eventId();
          if (events.size() >= budget) {
            return;
          }
          TraceEvent received = add(TraceEventType.Simple.MESSAGE_RECEIVED, actor(hop + 1),
              data("in", snap, PerformanceMetrics.cheap(nanos(2_000, 40_000), random.nextInt(4)), Map.of()), parent);
          parent = received.eventId();
        }
      }
    }

    /** {@code ActorCreated} and {@code ActorStarted} the first time an actor is used. */
    private void ensureStarted(int actor, int budget) {
      for (int a = started + 1; a <= actor && events.size() < budget; a++) {
        if (created[a] == null) {
          Map<String, JsonValue> config = new LinkedHashMap<>();
          config.put("batch_size", JsonValue.of((long) (50 << random.nextInt(5))));
          config.put("retries", JsonValue.of((long) random.nextInt(4)));
          config.put("timeout_ms", JsonValue.of(1000L * (1 + random.nextInt(30))));
          Map<String, JsonValue> attrs = new LinkedHashMap<>();
          attrs.put("component", JsonValue.of(flow.components().get(a)));
          attrs.put("config", JsonValue.object(config));
          created[a] = add(TraceEventType.Simple.ACTOR_CREATED, actor(a),
              data(null, null, PerformanceMetrics.UNMEASURED, attrs), null).eventId();
        }
        if (events.size() >= budget) {
          return;
        }
        startedId[a] = add(TraceEventType.Simple.ACTOR_STARTED, actor(a),
            data(null, null, PerformanceMetrics.cheap(nanos(5_000, 60_000), 0), Map.of()), created[a]).eventId();
        started = a;
      }
    }

    void lifecycle(int actor, TraceEventType type, String error) {
      EventId parent = startedId[actor] != null ? startedId[actor] : events.isEmpty() ? null : events.get(events.size() - 1).eventId();
      PerformanceMetrics metrics = PerformanceMetrics.cheap(nanos(latencyNanos, latencyNanos * 40), 0);
      add(type, actor(actor), new TraceEventData(null, null, null, error, metrics, Map.of()), parent);
    }

    void network(String what) {
      Map<String, JsonValue> attrs = new LinkedHashMap<>();
      List<JsonValue> actors = new ArrayList<>();
      for (int a = 0; a <= lastStarted(); a++) {
        actors.add(JsonValue.of(actor(a)));
      }
      attrs.put("actors", new JsonValue.JsonArray(actors));
      TraceEvent first = events.isEmpty() ? null : events.get(0);
      long elapsedMicros = first == null ? 0
          : (clockSecond - first.timestamp().epochSecond()) * 1_000_000L + (clockNanos - first.timestamp().nanos()) / 1000;
      attrs.put("elapsed_ms", JsonValue.of(elapsedMicros / 1000.0));
      attrs.put("event", JsonValue.of(what));
      add(TraceEventType.Simple.NETWORK_EVENT, "network", data(null, null, PerformanceMetrics.UNMEASURED, attrs), null);
    }

    private TraceEvent add(TraceEventType type, String actorId, TraceEventData data, EventId parent) {
      EventId id = EventId.of(uuid());
      EventId root = events.isEmpty() ? id : events.get(0).eventId();
      List<EventId> chain = new ArrayList<>();
      if (parent != null) {
        TraceEvent p = find(parent);
        chain.addAll(p.causality().dependencyChain());
        chain.add(parent);
        // Long message paths would carry ever longer chains; Reflow's get long too, but keep the
        // most recent ancestors only, so documents stay a realistic size.
        while (chain.size() > shape.maxDependencyChain()) {
          chain.remove(0);
        }
      }
      TraceEvent e = new TraceEvent(id, advance(latencyNanos / 20, latencyNanos * 2), type, actorId, data,
          new CausalityInfo(parent, parent == null ? id : root, chain, uuid().toString()));
      events.add(e);
      return e;
    }

    private TraceEvent find(EventId id) {
      for (int i = events.size() - 1; i >= 0; i--) {
        if (events.get(i).eventId().equals(id)) {
          return events.get(i);
        }
      }
      throw new IllegalStateException("parent " + id + " not in trace");
    }

    /** Moves the run's clock on by a random delay; most stamps carry nanoseconds, as Linux clocks do. */
    Timestamp advance(long minNanos, long maxNanos) {
      clockNanos += nanos(minNanos, maxNanos);
      clockSecond += clockNanos / 1_000_000_000L;
      clockNanos %= 1_000_000_000L;
      long n = clockNanos;
      if (random.nextInt(8) == 0) {
        n -= n % 1000;
      }
      return new Timestamp(clockSecond, (int) n);
    }

    private String actor(int index) {
      return flow.actors().get(index);
    }

    private long nanos(long min, long max) {
      return min + random.nextLong(Math.max(1, max - min));
    }

    private TraceEventData data(String port, MessageSnapshot message, PerformanceMetrics metrics,
        Map<String, JsonValue> attributes) {
      return new TraceEventData(port, message, null, null, metrics, attributes);
    }

    private PerformanceMetrics fullMetrics() {
      float cpu = Math.round(random.nextDouble() * 950) / 10.0f;
      double throughput = Math.round(random.nextDouble() * 500_000) / 100.0;
      return new PerformanceMetrics(nanos(latencyNanos / 10, latencyNanos * 5), 64L * random.nextInt(16_384),
          cpu, (long) random.nextInt(16), throughput);
    }

    /** A snapshot of the content as the hop's actor sends it; a quarter keep the content. */
    private MessageSnapshot snapshot(Object content, int hop) {
      String type;
      Object data;
      if (content instanceof Long n) {
        type = "Integer";
        data = n;
      } else {
        @SuppressWarnings("unchecked")
        Map<String, Object> staged = new TreeMap<>((Map<String, Object>) content);
        staged.put("stage", actor(hop));
        type = "Object";
        data = staged;
      }
      byte[] canonical = CanonicalJson.message(type, data);
      String checksum = CanonicalJson.checksum(canonical);
      boolean capture = random.nextInt(shape.captureOneIn()) == 0;
      return new MessageSnapshot(type, canonical.length, checksum, capture ? canonical : new byte[0],
          MessageSnapshot.DEFAULT_CONTENT_CODEC, 1, capture ? (long) canonical.length : null);
    }

    /** What one message carries, shaped by the flow's payload kind. */
    private Object content() {
      if (random.nextInt(7) == 0) {
        return (long) random.nextInt(100_000);
      }
      Map<String, Object> m = new TreeMap<>();
      switch (flow.payload()) {
        case ORDER -> {
          m.put("order_id", "ORD-" + (10_000 + random.nextInt(90_000)));
          m.put("customer_id", "C-" + (1000 + random.nextInt(9000)));
          m.put("items", (long) (1 + random.nextInt(9)));
          m.put("total_cents", (long) (199 + random.nextInt(250_000)));
          m.put("currency", random.nextBoolean() ? "EUR" : "USD");
        }
        case PAYMENT -> {
          m.put("payment_id", "pay_" + hex(6));
          m.put("amount_cents", (long) (100 + random.nextInt(1_000_000)));
          m.put("currency", "USD");
          m.put("method", random.nextInt(3) == 0 ? "sepa_debit" : "card");
          m.put("three_ds", random.nextBoolean());
        }
        case IMAGE -> {
          m.put("bucket", "uploads-prod");
          m.put("key", "img/2026/" + hex(4) + "/IMG_" + (1000 + random.nextInt(9000)) + ".jpg");
          m.put("width", (long) (640 + random.nextInt(3400)));
          m.put("height", (long) (480 + random.nextInt(2600)));
          m.put("bytes", (long) (50_000 + random.nextInt(8_000_000)));
        }
        case ROWS -> {
          m.put("table", "events_2026_" + String.format(Locale.ROOT, "%02d", 1 + random.nextInt(12)));
          m.put("partition", (long) random.nextInt(64));
          m.put("rows", (long) (10_000 + random.nextInt(500_000)));
        }
        case SIGNUP -> {
          m.put("user_id", "user-" + (1000 + random.nextInt(9000)));
          m.put("email_domain", random.nextBoolean() ? "example.com" : "mail.example.org");
          m.put("plan", random.nextInt(5) == 0 ? "team" : "free");
          m.put("marketing_opt_in", random.nextBoolean());
        }
        case READING -> {
          m.put("sensor_id", "s-" + String.format(Locale.ROOT, "%03d", random.nextInt(500)));
          m.put("temperature_milli_c", (long) (15_000 + random.nextInt(15_000)));
          m.put("humidity_permille", (long) (200 + random.nextInt(600)));
          m.put("seq", (long) random.nextInt(Integer.MAX_VALUE));
          m.put("tags", List.of("floor-" + (1 + random.nextInt(6)), "zone-" + (char) ('a' + random.nextInt(4))));
        }
        default -> throw new IllegalStateException();
      }
      return m;
    }
  }
}
