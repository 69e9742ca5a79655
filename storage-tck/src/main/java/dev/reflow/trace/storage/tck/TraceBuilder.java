package dev.reflow.trace.storage.tck;

import dev.reflow.trace.model.ExecutionId;
import dev.reflow.trace.model.ExecutionStatus;
import dev.reflow.trace.model.FlowId;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.FlowVersion;
import dev.reflow.trace.model.Timestamp;
import dev.reflow.trace.model.TraceEvent;
import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.model.TraceMetadata;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Builds a {@link FlowTrace} with deterministic defaults derived from a seed. Obtain one with
 * {@link TestTraces#trace(long)}. Events added as {@link EventBuilder}s get their missing ids and
 * timestamps at {@link #build()} time (one millisecond apart, from the start time).
 */
public final class TraceBuilder {
  private final long seed;
  private TraceId traceId;
  private String flowId;
  private ExecutionId executionId;
  private FlowVersion version;
  private Timestamp startTime = TestTraces.BASE_TIME;
  private Timestamp endTime;
  private ExecutionStatus status = ExecutionStatus.COMPLETED;
  private final List<Object> events = new ArrayList<>();
  private boolean defaultEvent = true;
  private String userId = "user-1";
  private String sessionId;
  private String environment = "test";
  private String hostname = "tck-host";
  private long processId = 4242;
  private String threadId = "ThreadId(1)";
  private final Map<String, String> tags = new LinkedHashMap<>();

  TraceBuilder(long seed) {
    this.seed = seed;
    this.traceId = TestTraces.traceId(seed);
    this.executionId = TestTraces.executionId(seed);
    this.flowId = "flow-" + seed;
  }

  public TraceBuilder id(TraceId value) {
    this.traceId = value;
    return this;
  }

  /** Parses a hyphenated trace id. */
  public TraceBuilder id(String value) {
    return id(TraceId.parse(value));
  }

  public TraceBuilder flowId(String value) {
    this.flowId = value;
    return this;
  }

  public TraceBuilder executionId(ExecutionId value) {
    this.executionId = value;
    return this;
  }

  public TraceBuilder version(FlowVersion value) {
    this.version = value;
    return this;
  }

  public TraceBuilder startTime(Timestamp value) {
    this.startTime = value;
    return this;
  }

  public TraceBuilder startTime(Instant value) {
    return startTime(Timestamp.of(value));
  }

  /** An RFC 3339 start time, e.g. {@code "2026-03-14T09:00:00.123456789Z"}. */
  public TraceBuilder startTime(String value) {
    return startTime(Timestamp.parse(value));
  }

  public TraceBuilder endTime(Timestamp value) {
    this.endTime = value;
    return this;
  }

  public TraceBuilder status(ExecutionStatus value) {
    this.status = value;
    return this;
  }

  /** Removes the default event and any added so far. */
  public TraceBuilder noEvents() {
    events.clear();
    defaultEvent = false;
    return this;
  }

  public TraceBuilder event(TraceEvent value) {
    defaultEvent = false;
    events.add(value);
    return this;
  }

  public TraceBuilder event(EventBuilder value) {
    defaultEvent = false;
    events.add(value);
    return this;
  }

  /** One {@code ActorStarted} event per actor id, in order. */
  public TraceBuilder actors(String... actorIds) {
    for (String a : actorIds) {
      event(TestTraces.event(a));
    }
    return this;
  }

  /** {@code count} events cycling through {@code actorIds}. */
  public TraceBuilder events(int count, String... actorIds) {
    for (int i = 0; i < count; i++) {
      event(TestTraces.event(actorIds[i % actorIds.length]));
    }
    if (count == 0) {
      defaultEvent = false;
    }
    return this;
  }

  public TraceBuilder userId(String value) {
    this.userId = value;
    return this;
  }

  public TraceBuilder sessionId(String value) {
    this.sessionId = value;
    return this;
  }

  public TraceBuilder environment(String value) {
    this.environment = value;
    return this;
  }

  public TraceBuilder hostname(String value) {
    this.hostname = value;
    return this;
  }

  public TraceBuilder processId(long value) {
    this.processId = value;
    return this;
  }

  public TraceBuilder threadId(String value) {
    this.threadId = value;
    return this;
  }

  /** Adds a tag; tags keep insertion order. */
  public TraceBuilder tag(String key, String value) {
    tags.put(key, value);
    return this;
  }

  public FlowTrace build() {
    SplittableRandom rng = new SplittableRandom(seed ^ 0x5DEECE66DL);
    List<Object> source = new ArrayList<>(events);
    if (defaultEvent && source.isEmpty()) {
      source.add(TestTraces.event("actor"));
    }
    List<TraceEvent> built = new ArrayList<>(source.size());
    for (int i = 0; i < source.size(); i++) {
      Object e = source.get(i);
      built.add(e instanceof EventBuilder b
          ? b.build(rng, TestTraces.plusMicros(startTime, 1000L * i))
          : (TraceEvent) e);
    }
    FlowVersion v = version != null ? version : new FlowVersion(1, 0, 0, null, TestTraces.BASE_TIME);
    TraceMetadata metadata = new TraceMetadata(userId, sessionId, environment, hostname, processId, threadId, tags);
    return new FlowTrace(traceId, FlowId.of(flowId), executionId, v, startTime, endTime, status, built, metadata);
  }
}
