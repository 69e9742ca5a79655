package dev.reflow.trace.collector.internal;

import dev.reflow.trace.collector.CollectorConfig;
import dev.reflow.trace.collector.OnDisconnect;
import dev.reflow.trace.collector.TraceFinalizationListener;
import dev.reflow.trace.collector.protocol.ErrorCode;
import dev.reflow.trace.collector.protocol.Reply;
import dev.reflow.trace.collector.protocol.Request;
import dev.reflow.trace.collector.protocol.SubscriptionFilters;
import dev.reflow.trace.json.TraceJson;
import dev.reflow.trace.model.ExecutionId;
import dev.reflow.trace.model.ExecutionStatus;
import dev.reflow.trace.model.FlowId;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.FlowVersion;
import dev.reflow.trace.model.Timestamp;
import dev.reflow.trace.model.TraceEvent;
import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.model.TraceMetadata;
import dev.reflow.trace.storage.Redaction;
import dev.reflow.trace.storage.TraceQuery;
import dev.reflow.trace.storage.TraceStorage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The aggregation engine: turns StartTrace / RecordEvent / EndTrace into traces, answers reads
 * over in-flight and stored traces alike, pushes to subscribers, and hands finalized traces to the
 * {@link StorageWriter}. Upstream's semantics with its flaws fixed (docs/collector.md):
 *
 * <ul>
 *   <li>A second StartTrace keeps the events; a late event for an ended trace is refused, not
 *       turned into a shadow trace; a trace created by RecordEvent belongs to its connection.
 *   <li>Reads see in-flight traces with storage's filter semantics, merged in the normative
 *       order, paged after merging, with a true {@code total_count}.
 *   <li>Disconnects and the idle timeout finalize per {@code on_disconnect}; memory is bounded by
 *       {@code max_in_flight_bytes}; every acknowledged change is journaled before its reply.
 * </ul>
 *
 * Thread-safety: requests of one session arrive one at a time (the server's event loop);
 * different sessions run concurrently. Each trace's state and its journal records change under
 * the trace's monitor, so the journal holds them in order; compaction takes the state write lock
 * to see a consistent picture.
 */
final class TraceAggregator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TraceAggregator.class);
  static final String DISCONNECT_ERROR = "connection closed before EndTrace";

  private final CollectorConfig config;
  private final TraceStorage storage;
  private final Journal journal;
  private final CollectorMetrics metrics;
  private final Executor storageExecutor;
  private final StorageWriter writer;
  private final ConcurrentHashMap<TraceId, InFlightTrace> active = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<TraceId, InFlightTrace> finalizing = new ConcurrentHashMap<>();
  private final Set<Session> subscribers = ConcurrentHashMap.newKeySet();
  private final ReentrantReadWriteLock stateLock = new ReentrantReadWriteLock();
  private final TraceMetadata placeholderMetadata;
  private volatile boolean shuttingDown;
  private volatile boolean compacting;

  TraceAggregator(CollectorConfig config, TraceStorage storage, Journal journal, CollectorMetrics metrics,
      Executor storageExecutor, List<TraceFinalizationListener> listeners) {
    this.config = config;
    this.storage = storage;
    this.journal = journal;
    this.metrics = metrics;
    this.storageExecutor = storageExecutor;
    this.writer = new StorageWriter(storage, listeners, this::stored);
    this.placeholderMetadata = new TraceMetadata(null, null, "unknown", "unknown", ProcessHandle.current().pid() & 0xFFFF_FFFFL,
        "ThreadId(1)", Map.of());
  }

  // ---------------------------------------------------------------- requests

  /** Handles one request; the future completes with the reply once its effect is durable. */
  CompletableFuture<Reply> handle(Session s, Request request) {
    metrics.messagesReceived.increment();
    try {
      if (request instanceof Request.RecordEvent r) {
        return record(s, r);
      } else if (request instanceof Request.StartTrace r) {
        return start(s, r);
      } else if (request instanceof Request.EndTrace r) {
        return end(r);
      } else if (request instanceof Request.GetTrace r) {
        return onStorage(s, () -> getTrace(r));
      } else if (request instanceof Request.QueryTraces r) {
        return onStorage(s, () -> query(r));
      } else if (request instanceof Request.GetFlowVersions r) {
        return onStorage(s, () -> flowVersions(r.flowId()));
      } else if (request instanceof Request.StoreTrace r) {
        return onStorage(s, () -> storeTrace(r.trace()));
      } else if (request instanceof Request.Subscribe r) {
        s.subscription = r.filters();
        subscribers.add(s);
        return done(Reply.EventRecorded.OK);
      } else if (request == Request.Unit.UNSUBSCRIBE) {
        s.subscription = null;
        subscribers.remove(s);
        return done(Reply.EventRecorded.OK);
      } else if (request == Request.Unit.PING) {
        return done(Reply.Pong.INSTANCE);
      } else if (request == Request.Unit.GET_METRICS) {
        return done(new Reply.Metrics(metrics.snapshot(active.size())));
      }
      throw new IllegalStateException("unhandled request " + request.variant());
    } catch (RuntimeException e) {
      LOG.error("Handling a {} request failed", request.variant(), e);
      return done(error("internal error handling " + request.variant() + ": " + Redaction.redact(e.toString()),
          ErrorCode.InternalError));
    }
  }

  private CompletableFuture<Reply> start(Session s, Request.StartTrace r) {
    stateLock.readLock().lock();
    try {
      while (true) {
        boolean[] created = new boolean[1];
        InFlightTrace t = active.computeIfAbsent(r.traceId(), id -> {
          if (!reserve(InFlightTrace.BASE_BYTES)) {
            return null;
          }
          created[0] = true;
          return new InFlightTrace(id, ExecutionId.random(), Timestamp.now(), placeholderMetadata, r.flowId(),
              r.version(), false);
        });
        if (t == null) {
          return done(memoryFull("StartTrace"));
        }
        CompletableFuture<Void> durable;
        synchronized (t) {
          if (t.finalized()) {
            continue; // ended between lookup and lock: start afresh
          }
          t.flowId = r.flowId();
          t.version = r.version();
          t.lazy = false;
          t.lastActivityNanos = System.nanoTime();
          adopt(t, s, created[0]);
          t.startJournaled = true;
          durable = journal.append(t.startRecord());
        }
        return ack(durable, new Reply.TraceStarted(r.traceId()));
      }
    } finally {
      stateLock.readLock().unlock();
    }
    // compaction is checked by the scheduler, not on the request path
  }

  private CompletableFuture<Reply> record(Session s, Request.RecordEvent r) {
    long size = InFlightTrace.cost(r.event());
    InFlightTrace t;
    CompletableFuture<Void> durable;
    stateLock.readLock().lock();
    try {
      while (true) {
        t = active.get(r.traceId());
        boolean created = false;
        if (t == null) {
          if (finalizing.containsKey(r.traceId())) {
            return done(ended(r.traceId()));
          }
          if (!reserve(InFlightTrace.BASE_BYTES)) {
            return done(memoryFull("RecordEvent"));
          }
          // Upstream's lazy creation: an unknown id gets a trace of flow "unknown", version 0.0.0.
          InFlightTrace fresh = new InFlightTrace(r.traceId(), ExecutionId.random(), Timestamp.now(),
              placeholderMetadata, FlowId.of("unknown"), new FlowVersion(0, 0, 0, null, Timestamp.now()), true);
          InFlightTrace raced = active.putIfAbsent(r.traceId(), fresh);
          if (raced != null) {
            release(InFlightTrace.BASE_BYTES);
            t = raced;
          } else {
            t = fresh;
            created = true;
          }
        }
        synchronized (t) {
          if (t.finalized()) {
            continue;
          }
          if (!reserve(size)) {
            return done(memoryFull("RecordEvent"));
          }
          adopt(t, s, created);
          if (!t.startJournaled) {
            t.startJournaled = true;
            journal.append(t.startRecord());
          }
          t.add(r.event(), size);
          t.lastActivityNanos = System.nanoTime();
          durable = journal.append(new JournalRecord.Event(t.traceId, r.eventJson()));
        }
        break;
      }
    } finally {
      stateLock.readLock().unlock();
    }
    metrics.eventsRecorded.increment();
    notifySubscribers(t, r);
    return ack(durable, Reply.EventRecorded.OK);
  }

  /** The connection that started or created a trace owns it; a trace left by its owner is adopted. */
  private static void adopt(InFlightTrace t, Session s, boolean created) {
    if (created || t.owner == null) {
      t.owner = s;
      s.owned.add(t.traceId);
    }
  }

  private CompletableFuture<Reply> end(Request.EndTrace r) {
    InFlightTrace t = active.get(r.traceId());
    if (t == null) {
      return done(Reply.EventRecorded.OK); // not in flight: nothing changes, as upstream
    }
    CompletableFuture<Void> stored = new CompletableFuture<>();
    CompletableFuture<Void> durable = finalizeTrace(t, r.status(), stored);
    if (durable == null) {
      return done(Reply.EventRecorded.OK);
    }
    // With the journal, the END record makes the trace durable; without it, only storage does.
    return ack(journal.enabled() ? durable : stored, Reply.EventRecorded.OK);
  }

  /**
   * Moves a trace from in flight to the storage writer. Returns the journal future, or null when
   * another thread finalized it first.
   */
  private CompletableFuture<Void> finalizeTrace(InFlightTrace t, ExecutionStatus status, CompletableFuture<Void> stored) {
    CompletableFuture<Void> durable;
    stateLock.readLock().lock();
    try {
      synchronized (t) {
        if (t.finalized()) {
          return null;
        }
        t.finalStatus = status;
        t.endTime = Timestamp.now();
        finalizing.put(t.traceId, t);
        active.remove(t.traceId, t);
        if (t.owner != null) {
          t.owner.owned.remove(t.traceId);
        }
        if (!t.startJournaled) {
          t.startJournaled = true;
          journal.append(t.startRecord());
        }
        durable = journal.append(new JournalRecord.End(t.traceId,
            TraceJson.writeStatus(status).getBytes(StandardCharsets.UTF_8), t.endTime));
      }
    } finally {
      stateLock.readLock().unlock();
    }
    writer.submit(t).whenComplete((v, e) -> {
      if (e == null) {
        stored.complete(null);
      } else {
        stored.completeExceptionally(e);
      }
    });
    return durable;
  }

  /** Called by the writer once a finalized trace is in storage. */
  private void stored(InFlightTrace t) {
    finalizing.remove(t.traceId, t);
    long bytes;
    synchronized (t) {
      bytes = t.bytes;
    }
    release(bytes);
    metrics.tracesStored.increment();
    journal.append(new JournalRecord.Stored(t.traceId)); // not awaited: replay would only store it again
  }

  private Reply getTrace(Request.GetTrace r) {
    InFlightTrace t = inMemory(r.traceId());
    if (t != null) {
      return new Reply.TraceData(r.requestId(), TraceJson.writeBytes(t.toFlowTrace()));
    }
    return new Reply.TraceData(r.requestId(), storage.getJson(r.traceId()).orElse(null));
  }

  private InFlightTrace inMemory(TraceId id) {
    InFlightTrace t = active.get(id);
    return t != null ? t : finalizing.get(id);
  }

  /**
   * Storage's matches and the in-memory ones (in flight or not yet stored, which supersede a
   * stored copy with the same id), merged in the normative order, then paged; the total counts
   * every match, not just the page.
   */
  private Reply query(Request.QueryTraces r) {
    metrics.tracesQueried.increment();
    TraceQuery q = r.query();
    Map<TraceId, InFlightTrace> memory = new HashMap<>(finalizing);
    memory.putAll(active);
    List<InFlightTrace> matches = new ArrayList<>();
    for (InFlightTrace t : memory.values()) {
      if (t.matches(q)) {
        matches.add(t);
      }
    }
    long overlap = 0;
    for (InFlightTrace t : memory.values()) {
      if (t.knownNotStored && !t.finalized()) {
        continue;
      }
      Optional<FlowTrace> copy = storage.get(t.traceId);
      if (copy.isEmpty()) {
        t.knownNotStored = true;
      } else if (q.matches(copy.get())) {
        overlap++;
      }
    }
    long total = countStored(q) - overlap + matches.size();
    if (matches.isEmpty() && overlap == 0) {
      List<byte[]> page = storage.query(q).stream().map(TraceJson::writeBytes).toList();
      return new Reply.QueryResults(r.requestId(), page, total);
    }
    int offset = q.offset() == null ? 0 : q.offset();
    Integer fetch = q.limit() == null ? null : (int) Math.min(Integer.MAX_VALUE, (long) offset + q.limit() + overlap);
    List<FlowTrace> fromStorage = fetch != null && fetch == 0 ? List.of()
        : storage.query(q.toBuilder().offset(null).limit(fetch).build());
    List<Object[]> merged = new ArrayList<>(); // {header for ordering, trace or in-flight}
    for (FlowTrace t : fromStorage) {
      if (!memory.containsKey(t.traceId())) {
        merged.add(new Object[] {t, t});
      }
    }
    for (InFlightTrace t : matches) {
      merged.add(new Object[] {t.header(), t});
    }
    merged.sort(Comparator.comparing(o -> (FlowTrace) o[0], TraceQuery.ORDER));
    int from = Math.min(offset, merged.size());
    int to = q.limit() == null ? merged.size() : (int) Math.min(merged.size(), (long) from + q.limit());
    List<byte[]> page = new ArrayList<>(to - from);
    for (Object[] o : merged.subList(from, to)) {
      page.add(o[1] instanceof InFlightTrace t ? TraceJson.writeBytes(t.toFlowTrace()) : TraceJson.writeBytes((FlowTrace) o[1]));
    }
    return new Reply.QueryResults(r.requestId(), page, total);
  }

  // ---------------------------------------------------------------- live reads (LiveTraces)

  /**
   * In-memory traces (in flight or not yet stored) passing the query's filters and after its
   * position, in the normative order, at most {@code max}, decoded. Headers are sorted first so
   * that only the returned traces are decoded.
   */
  List<FlowTrace> liveMatching(TraceQuery q, int max) {
    Map<TraceId, InFlightTrace> memory = new HashMap<>(finalizing);
    memory.putAll(active);
    List<Object[]> matches = new ArrayList<>(); // {header for ordering, trace}
    for (InFlightTrace t : memory.values()) {
      if (t.matches(q)) {
        matches.add(new Object[] {t.header(), t});
      }
    }
    matches.sort(Comparator.comparing(o -> (FlowTrace) o[0], TraceQuery.ORDER));
    List<FlowTrace> out = new ArrayList<>(Math.min(max, matches.size()));
    for (Object[] o : matches.subList(0, Math.min(max, matches.size()))) {
      out.add(((InFlightTrace) o[1]).toFlowTrace());
    }
    return out;
  }

  /** The in-memory trace with this id, decoded, or empty. */
  Optional<FlowTrace> liveGet(TraceId id) {
    InFlightTrace t = inMemory(id);
    return t == null ? Optional.empty() : Optional.of(t.toFlowTrace());
  }

  /** Whether this id is held in memory. */
  boolean holds(TraceId id) {
    return inMemory(id) != null;
  }

  /** GetMetrics' counters. */
  java.util.SortedMap<String, Long> counters() {
    return metrics.snapshot(active.size());
  }

  /** How many stored traces match, paging aside (the backend counts; memory stays flat). */
  private long countStored(TraceQuery q) {
    return storage.count(q);
  }

  /** Distinct versions of the flow's traces (stored and in flight), newest first. */
  private Reply flowVersions(FlowId flowId) {
    Set<FlowVersion> versions = new LinkedHashSet<>();
    try (java.util.stream.Stream<FlowTrace> stored = storage.stream(TraceQuery.builder().flowId(flowId).build())) {
      stored.forEach(t -> versions.add(t.version()));
    }
    for (InFlightTrace t : active.values()) {
      FlowTrace h = t.header();
      if (h.flowId().equals(flowId)) {
        versions.add(h.version());
      }
    }
    List<FlowVersion> sorted = new ArrayList<>(versions);
    sorted.sort(Comparator.comparing(FlowVersion::timestamp).reversed()
        .thenComparing(Comparator.comparingLong(FlowVersion::major).reversed())
        .thenComparing(Comparator.comparingLong(FlowVersion::minor).reversed())
        .thenComparing(Comparator.comparingLong(FlowVersion::patch).reversed()));
    return new Reply.FlowVersions(sorted);
  }

  private Reply storeTrace(FlowTrace trace) {
    storage.store(trace);
    metrics.tracesStored.increment();
    InFlightTrace t = active.get(trace.traceId());
    if (t != null) {
      t.knownNotStored = false;
    }
    return new Reply.TraceStored(trace.traceId());
  }

  // ---------------------------------------------------------------- subscriptions

  private void notifySubscribers(InFlightTrace t, Request.RecordEvent r) {
    if (subscribers.isEmpty()) {
      return;
    }
    FlowId flow;
    ExecutionStatus status;
    synchronized (t) {
      flow = t.flowId;
      status = t.status();
    }
    byte[] json = null;
    for (Session s : subscribers) {
      SubscriptionFilters f = s.subscription;
      if (f != null && f.matches(flow, status, r.event().actorId(), r.event().eventType())) {
        if (json == null) {
          json = new Reply.EventNotification(r.traceId(), r.eventJson()).toJson();
        }
        s.push(json);
      }
    }
  }

  // ---------------------------------------------------------------- connections and time

  /** A connection closed: its subscription ends, its traces are finalized per on_disconnect. */
  void disconnected(Session s) {
    subscribers.remove(s);
    s.subscription = null;
    if (shuttingDown) {
      return; // the collector is stopping, not the network: traces stay in flight (and in the journal)
    }
    for (TraceId id : List.copyOf(s.owned)) {
      InFlightTrace t = active.get(id);
      if (t == null) {
        continue;
      }
      switch (config.onDisconnect()) {
        case FAILED -> finalizeOwned(t, s, ExecutionStatus.failed(DISCONNECT_ERROR));
        case COMPLETED -> finalizeOwned(t, s, ExecutionStatus.COMPLETED);
        case KEEP -> {
          synchronized (t) {
            if (t.owner == s) {
              t.owner = null;
              t.lastActivityNanos = System.nanoTime();
            }
          }
        }
      }
    }
    s.owned.clear();
  }

  private void finalizeOwned(InFlightTrace t, Session s, ExecutionStatus status) {
    synchronized (t) {
      if (t.owner != s) {
        return;
      }
    }
    finalizeTrace(t, status, new CompletableFuture<>());
  }

  /** Finalizes every in-flight trace that has had no request for {@code idle_timeout}. */
  void sweepIdle() {
    long now = System.nanoTime();
    long idle = config.idleTimeout().toNanos();
    for (InFlightTrace t : active.values()) {
      long last;
      synchronized (t) {
        last = t.lastActivityNanos;
      }
      if (now - last >= idle) {
        ExecutionStatus status = config.onDisconnect() == OnDisconnect.COMPLETED ? ExecutionStatus.COMPLETED
            : ExecutionStatus.failed("no event for " + describe(config.idleTimeout())
                + " (server.idle_timeout) before EndTrace");
        LOG.info("Trace {} idle for {}: finalized as {}", t.traceId, describe(config.idleTimeout()), status.variantName());
        finalizeTrace(t, status, new CompletableFuture<>());
      }
    }
  }

  /** Rewrites the journal as the live state when it has grown enough. */
  void maybeCompact() {
    if (!journal.wantsCompaction() || compacting) {
      return;
    }
    compacting = true;
    try {
      stateLock.writeLock().lock();
      try {
        List<JournalRecord> state = new ArrayList<>();
        for (InFlightTrace t : finalizing.values()) {
          t.appendState(state);
        }
        for (InFlightTrace t : active.values()) {
          t.appendState(state);
        }
        journal.compact(state);
      } finally {
        stateLock.writeLock().unlock();
      }
    } finally {
      compacting = false;
    }
  }

  /** Rebuilds the in-flight state from replayed journal records; ended traces go to storage. */
  void restore(List<JournalRecord> records) {
    Map<TraceId, InFlightTrace> building = new HashMap<>();
    int ended = 0;
    for (JournalRecord r : records) {
      if (r instanceof JournalRecord.Start s) {
        FlowVersion version = TraceJson.readVersion(s.versionJson(), 0, s.versionJson().length, "journal");
        InFlightTrace t = new InFlightTrace(s.traceId(), s.executionId(), s.startTime(), placeholderMetadata,
            FlowId.of(s.flowId()), version, s.lazy());
        t.startJournaled = true;
        t.lastActivityNanos = System.nanoTime();
        building.put(s.traceId(), t);
      } else if (r instanceof JournalRecord.Event e) {
        InFlightTrace t = building.get(e.traceId());
        if (t != null) {
          TraceEvent event = TraceJson.readEvent(e.eventJson(), 0, e.eventJson().length, "journal");
          t.add(event, InFlightTrace.cost(event));
        }
      } else if (r instanceof JournalRecord.End e) {
        InFlightTrace t = building.remove(e.traceId());
        if (t != null) {
          t.finalStatus = TraceJson.readStatus(e.statusJson(), 0, e.statusJson().length, "journal");
          t.endTime = e.endTime();
          metrics.inFlightBytes.addAndGet(t.bytes);
          finalizing.put(t.traceId, t);
          writer.submit(t);
          ended++;
        }
      }
    }
    for (InFlightTrace t : building.values()) {
      metrics.inFlightBytes.addAndGet(t.bytes);
      active.put(t.traceId, t);
    }
    if (!records.isEmpty()) {
      LOG.info("Journal replayed: {} traces back in flight, {} finalized traces being stored", building.size(), ended);
    }
  }

  int inFlight() {
    return active.size();
  }

  int finalizingCount() {
    return finalizing.size();
  }

  /** Marks the start of shutdown: from now on a closing connection leaves its traces in flight. */
  void beginShutdown() {
    shuttingDown = true;
  }

  /**
   * Stops: without a journal, in-flight traces would be lost, so they are finalized as failed and
   * stored; with one they stay in it for the next start. Then the writer drains.
   */
  @Override
  public void close() {
    shuttingDown = true;
    if (!journal.enabled()) {
      for (InFlightTrace t : List.copyOf(active.values())) {
        finalizeTrace(t, ExecutionStatus.failed("collector shut down before EndTrace"), new CompletableFuture<>());
      }
    }
    writer.close(5, TimeUnit.SECONDS);
  }

  // ---------------------------------------------------------------- helpers

  private CompletableFuture<Reply> onStorage(Session s, Supplier<Reply> work) {
    CompletableFuture<Reply> f = s.storageTail.handleAsync((x, e) -> work.get(), storageExecutor)
        .exceptionally(e -> {
          Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
          metrics.errorsTotal.increment();
          LOG.warn("A storage request failed: {}", Redaction.redact(String.valueOf(cause)));
          return new Reply.Error("storage error: " + Redaction.redact(String.valueOf(cause.getMessage())),
              ErrorCode.StorageError);
        });
    s.storageTail = f;
    return f;
  }

  private CompletableFuture<Reply> ack(CompletableFuture<Void> durable, Reply reply) {
    return durable.handle((v, e) -> {
      if (e == null) {
        return reply;
      }
      Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
      return error("not recorded: " + (journal.enabled() ? "the journal could not be written: " : "storage failed: ")
          + Redaction.redact(String.valueOf(cause.getMessage())), ErrorCode.InternalError);
    });
  }

  private Reply error(String message, ErrorCode code) {
    metrics.errorsTotal.increment();
    return new Reply.Error(message, code);
  }

  private Reply memoryFull(String what) {
    return error(what + " refused: the collector holds " + metrics.inFlightBytes.get()
        + " bytes of traces not yet stored, at its limit server.max_in_flight_bytes=" + config.maxInFlightBytes()
        + "; nothing already accepted is lost. Retry when traces have ended and been stored.", ErrorCode.InternalError);
  }

  private static Reply ended(TraceId id) {
    return Reply.EventRecorded.failure("trace " + id + " has ended (EndTrace, disconnect or idle timeout); "
        + "events after the end are not recorded");
  }

  private boolean reserve(long n) {
    while (true) {
      long cur = metrics.inFlightBytes.get();
      if (cur + n > config.maxInFlightBytes()) {
        return false;
      }
      if (metrics.inFlightBytes.compareAndSet(cur, cur + n)) {
        return true;
      }
    }
  }

  private void release(long n) {
    metrics.inFlightBytes.addAndGet(-n);
  }

  private static CompletableFuture<Reply> done(Reply reply) {
    return CompletableFuture.completedFuture(reply);
  }

  static String describe(Duration d) {
    long s = d.getSeconds();
    if (s % 3600 == 0 && s > 0) {
      return (s / 3600) + "h";
    }
    if (s % 60 == 0 && s > 0) {
      return (s / 60) + "m";
    }
    return s > 0 ? s + "s" : d.toMillis() + "ms";
  }
}
