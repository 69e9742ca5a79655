package dev.reflow.trace.storage.memory.internal;

import dev.reflow.trace.json.TraceJson;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.Timestamp;
import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.storage.StorageClosedException;
import dev.reflow.trace.storage.StorageStats;
import dev.reflow.trace.storage.TraceQuery;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.memory.EvictionPolicy;
import dev.reflow.trace.storage.memory.MemoryStorageOptions;
import dev.reflow.trace.storage.memory.MemoryStorageProvider;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A bounded, thread-safe in-memory {@link TraceStorage}.
 *
 * <p>Two structures are kept in step under one read-write lock: a {@link LinkedHashMap} by trace
 * id, whose iteration order is the eviction order (O(1) get, store and evict), and a
 * {@link TreeMap} in the normative query order ({@link TraceQuery#ORDER}), so that a time range
 * becomes a sub-map and paging can stop after {@code offset + limit} matches instead of sorting
 * everything.
 *
 * <p>Under LRU the map runs in access order, so {@code get} moves the trace to the young end; that
 * mutation is why {@code get} takes the write lock under LRU (and only the read lock under FIFO).
 * Queries do not count as reads: a query touching every trace would otherwise erase the recency
 * information. Re-storing an id counts as a new store under both policies.
 *
 * <p>Traces are immutable records, so they are kept and returned as given. {@code storage_size_bytes}
 * is the sum of each trace's Reflow JSON length, measured once per trace, on the first
 * {@link #stats()} after it was stored (a store does not write JSON).
 */
public final class MemoryTraceStorage implements TraceStorage {
  private static final TraceId MIN_ID = TraceId.of(new UUID(0L, 0L));
  private static final TraceId MAX_ID = TraceId.of(new UUID(-1L, -1L));

  /**
   * The query order: start_time microseconds descending, trace id ascending (unsigned). Written
   * out rather than composed from {@code Comparator.comparingLong(...).reversed().thenComparing(...)}:
   * the tree compares about 17 times per store, and the composed lambdas took a quarter of a
   * store's CPU time in a profile.
   */
  private static final Comparator<OrderKey> ORDER = (a, b) -> {
    int c = Long.compare(b.startMicros, a.startMicros);
    return c != 0 ? c : a.traceId.compareTo(b.traceId);
  };

  private final MemoryStorageOptions options;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final LinkedHashMap<TraceId, Stored> byId;
  private final NavigableMap<OrderKey, Stored> ordered = new TreeMap<>(ORDER);
  private long totalEvents;
  private long evictions;
  private volatile boolean closed;

  public MemoryTraceStorage(MemoryStorageOptions options) {
    this.options = Objects.requireNonNull(options, "options");
    this.byId = new LinkedHashMap<>(16, 0.75f, options.evictionPolicy() == EvictionPolicy.LRU);
  }

  /** A storage with the default bound (10,000) and LRU eviction. */
  public MemoryTraceStorage() {
    this(MemoryStorageOptions.defaults());
  }

  private record OrderKey(long startMicros, TraceId traceId) {}

  /** A stored trace with its place in the query order and, once measured, its JSON length. */
  private static final class Stored {
    private static final int UNMEASURED = -1;
    final FlowTrace trace;
    final OrderKey key;
    // Measured on the first stats() call, not on the store path: writing a trace's JSON costs
    // several times what keeping it does. Deterministic, so a racing double measurement is harmless.
    private volatile int jsonBytes = UNMEASURED;

    Stored(FlowTrace trace) {
      this.trace = trace;
      this.key = new OrderKey(trace.startTime().epochMicros(), trace.traceId());
    }

    boolean measured() {
      return jsonBytes != UNMEASURED;
    }

    int jsonBytes() {
      int n = jsonBytes;
      if (n == UNMEASURED) {
        n = TraceJson.writeBytes(trace).length;
        jsonBytes = n;
      }
      return n;
    }
  }

  public MemoryStorageOptions options() {
    return options;
  }

  @Override
  public void store(FlowTrace trace) {
    Objects.requireNonNull(trace, "trace");
    Stored entry = new Stored(trace);
    Lock w = lock.writeLock();
    w.lock();
    try {
      checkOpen();
      put(entry);
      evictOverflow();
    } finally {
      w.unlock();
    }
  }

  @Override
  public void storeAll(Collection<FlowTrace> traces) {
    Objects.requireNonNull(traces, "traces");
    // Everything that can fail happens before the first trace is put, so a batch is all or none.
    List<Stored> entries = new ArrayList<>(traces.size());
    int i = 0;
    for (FlowTrace t : traces) {
      if (t == null) {
        throw new NullPointerException("traces[" + i + "] is null; nothing of this batch was stored");
      }
      entries.add(new Stored(t));
      i++;
    }
    Lock w = lock.writeLock();
    w.lock();
    try {
      checkOpen();
      for (Stored e : entries) {
        put(e);
      }
      evictOverflow();
    } finally {
      w.unlock();
    }
  }

  @Override
  public Optional<FlowTrace> get(TraceId traceId) {
    Objects.requireNonNull(traceId, "traceId");
    // Under LRU a read reorders the map, so it needs exclusive access.
    Lock l = options.evictionPolicy() == EvictionPolicy.LRU ? lock.writeLock() : lock.readLock();
    l.lock();
    try {
      checkOpen();
      Stored s = byId.get(traceId);
      return s == null ? Optional.empty() : Optional.of(s.trace);
    } finally {
      l.unlock();
    }
  }

  @Override
  public List<FlowTrace> query(TraceQuery query) {
    Objects.requireNonNull(query, "query");
    int offset = query.offset() == null ? 0 : query.offset();
    int limit = query.limit() == null ? Integer.MAX_VALUE : query.limit();
    List<FlowTrace> result = new ArrayList<>(Math.min(limit, 64));
    if (limit == 0) {
      lock.readLock().lock();
      try {
        checkOpen();
        return result;
      } finally {
        lock.readLock().unlock();
      }
    }
    lock.readLock().lock();
    try {
      checkOpen();
      int skipped = 0;
      for (Stored s : candidates(query).values()) {
        if (!query.matches(s.trace)) {
          continue;
        }
        if (skipped < offset) {
          skipped++;
          continue;
        }
        result.add(s.trace);
        if (result.size() >= limit) {
          break;
        }
      }
      return result;
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public long count(TraceQuery query) {
    Objects.requireNonNull(query, "query");
    lock.readLock().lock();
    try {
      checkOpen();
      return candidates(query).values().stream().filter(s -> query.matches(s.trace)).count();
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * The part of the order a query can match: from its time range's upper end (or just after its
   * keyset position, whichever is later in the order) to its lower end. Call under the read lock.
   */
  private NavigableMap<OrderKey, Stored> candidates(TraceQuery query) {
    // Descending time: entries at or before `to` start at (to, smallest id) ...
    OrderKey low = query.to() == null ? null : new OrderKey(query.toMicros(), MIN_ID);
    boolean lowInclusive = true;
    if (query.after() != null) {
      OrderKey after = new OrderKey(query.after().startTimeMicros(), query.after().traceId());
      if (low == null || ORDER.compare(after, low) >= 0) {
        low = after;
        lowInclusive = false;
      }
    }
    // ... and entries at or after `from` end at (from, largest id).
    OrderKey high = query.from() == null ? null : new OrderKey(query.fromMicros(), MAX_ID);
    if (low != null && high != null && ORDER.compare(low, high) >= (lowInclusive ? 1 : 0)) {
      return Collections.emptyNavigableMap();
    }
    NavigableMap<OrderKey, Stored> view = low == null ? ordered : ordered.tailMap(low, lowInclusive);
    return high == null ? view : view.headMap(high, true);
  }

  @Override
  public boolean delete(TraceId traceId) {
    Objects.requireNonNull(traceId, "traceId");
    Lock w = lock.writeLock();
    w.lock();
    try {
      checkOpen();
      Stored s = byId.remove(traceId);
      if (s == null) {
        return false;
      }
      unindex(s);
      return true;
    } finally {
      w.unlock();
    }
  }

  /**
   * Traces stored since the last call are measured first, outside the lock, so that a store never
   * waits for JSON to be written; the sum itself is then taken under the read lock.
   */
  @Override
  public StorageStats stats() {
    List<Stored> unmeasured = new ArrayList<>();
    lock.readLock().lock();
    try {
      checkOpen();
      for (Stored s : byId.values()) {
        if (!s.measured()) {
          unmeasured.add(s);
        }
      }
    } finally {
      lock.readLock().unlock();
    }
    for (Stored s : unmeasured) {
      s.jsonBytes();
    }
    lock.readLock().lock();
    try {
      checkOpen();
      long jsonBytes = 0;
      for (Stored s : byId.values()) {
        jsonBytes += s.jsonBytes();
      }
      Instant newest = ordered.isEmpty() ? null : ordered.firstEntry().getValue().trace.startTime().toInstant();
      Instant oldest = ordered.isEmpty() ? null : ordered.lastEntry().getValue().trace.startTime().toInstant();
      Map<String, String> details = new LinkedHashMap<>();
      details.put("max_traces", Integer.toString(options.maxTraces()));
      details.put("eviction_policy", options.evictionPolicy().configValue());
      details.put("evicted_traces", Long.toString(evictions));
      details.put("size_basis", "sum of Reflow JSON lengths");
      return new StorageStats(byId.size(), totalEvents, jsonBytes, oldest, newest, details);
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public long deleteOlderThan(Instant cutoff) {
    Objects.requireNonNull(cutoff, "cutoff");
    long cutoffMicros;
    try {
      cutoffMicros = Timestamp.of(cutoff).epochMicros();
    } catch (ArithmeticException e) {
      // beyond ±292,000 years: before or after every representable start time
      cutoffMicros = cutoff.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    Lock w = lock.writeLock();
    w.lock();
    try {
      checkOpen();
      if (cutoffMicros == Long.MIN_VALUE) {
        return 0;
      }
      // In descending time order, everything strictly older than the cutoff is one tail.
      NavigableMap<OrderKey, Stored> older = ordered.tailMap(new OrderKey(cutoffMicros - 1, MIN_ID), true);
      long count = 0;
      for (Iterator<Stored> it = older.values().iterator(); it.hasNext(); ) {
        Stored s = it.next();
        it.remove();
        byId.remove(s.trace.traceId());
        totalEvents -= s.trace.events().size();
        count++;
      }
      return count;
    } finally {
      w.unlock();
    }
  }

  @Override
  public String backendName() {
    return MemoryStorageProvider.NAME;
  }

  /** Drops every trace; idempotent. */
  @Override
  public void close() {
    Lock w = lock.writeLock();
    w.lock();
    try {
      closed = true;
      byId.clear();
      ordered.clear();
      totalEvents = 0;
    } finally {
      w.unlock();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new StorageClosedException(MemoryStorageProvider.NAME);
    }
  }

  /** Puts an entry at the young end of the eviction order, replacing any entry with its id. */
  private void put(Stored entry) {
    // remove-then-put, so that re-storing moves the id to the young end under FIFO as well
    Stored old = byId.remove(entry.trace.traceId());
    if (old != null) {
      unindex(old);
    }
    byId.put(entry.trace.traceId(), entry);
    ordered.put(entry.key, entry);
    totalEvents += entry.trace.events().size();
  }

  private void unindex(Stored s) {
    ordered.remove(s.key);
    totalEvents -= s.trace.events().size();
  }

  private void evictOverflow() {
    Iterator<Stored> eldest = byId.values().iterator();
    while (byId.size() > options.maxTraces()) {
      Stored s = eldest.next();
      eldest.remove();
      unindex(s);
      evictions++;
    }
  }
}
