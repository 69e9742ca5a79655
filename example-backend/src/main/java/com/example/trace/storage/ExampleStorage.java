package com.example.trace.storage;

import dev.reflow.trace.json.TraceJson;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.Timestamp;
import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.storage.StorageClosedException;
import dev.reflow.trace.storage.StorageStats;
import dev.reflow.trace.storage.TraceQuery;
import dev.reflow.trace.storage.TraceStorage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The smallest complete backend: each trace kept as its Reflow JSON bytes in a map, one lock
 * making every call (and a whole {@code storeAll}) atomic. Queries use the reference semantics,
 * {@link TraceQuery#matches} and {@link TraceQuery#ORDER}. It implements the abstract methods of
 * {@link TraceStorage} only and uses only public types of storage-api: the SPI's defaults
 * ({@code getJson}, {@code stream}, {@code count}, ...) must be enough for it to pass the TCK.
 */
final class ExampleStorage implements TraceStorage {
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final Map<TraceId, byte[]> documents = new HashMap<>();
  private boolean closed;

  @Override
  public void store(FlowTrace trace) {
    Objects.requireNonNull(trace, "trace");
    storeAll(java.util.Collections.singletonList(trace));
  }

  @Override
  public void storeAll(Collection<FlowTrace> traces) {
    Objects.requireNonNull(traces, "traces");
    // Encode everything before taking the lock: a bad element stores nothing.
    Map<TraceId, byte[]> encoded = new LinkedHashMap<>();
    int index = 0;
    for (FlowTrace trace : traces) {
      // TraceStorage's null rule: a NullPointerException naming the index, before anything is stored.
      Objects.requireNonNull(trace, "traces[" + index + "] is null; nothing was written");
      encoded.put(trace.traceId(), TraceJson.writeBytes(trace));
      index++;
    }
    lock.writeLock().lock();
    try {
      checkOpen();
      documents.putAll(encoded);
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public Optional<FlowTrace> get(TraceId traceId) {
    Objects.requireNonNull(traceId, "traceId");
    byte[] json;
    lock.readLock().lock();
    try {
      checkOpen();
      json = documents.get(traceId);
    } finally {
      lock.readLock().unlock();
    }
    return Optional.ofNullable(json).map(TraceJson::read);
  }

  @Override
  public List<FlowTrace> query(TraceQuery query) {
    Objects.requireNonNull(query, "query");
    List<FlowTrace> matching = new ArrayList<>();
    for (FlowTrace trace : all()) {
      if (query.matches(trace)) {
        matching.add(trace);
      }
    }
    matching.sort(TraceQuery.ORDER);
    int from = query.offset() == null ? 0 : Math.min(query.offset(), matching.size());
    long to = query.limit() == null ? matching.size() : Math.min(matching.size(), (long) from + query.limit());
    return new ArrayList<>(matching.subList(from, (int) to));
  }

  @Override
  public boolean delete(TraceId traceId) {
    Objects.requireNonNull(traceId, "traceId");
    lock.writeLock().lock();
    try {
      checkOpen();
      return documents.remove(traceId) != null;
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public StorageStats stats() {
    long bytes = 0;
    List<FlowTrace> traces;
    lock.readLock().lock();
    try {
      checkOpen();
      for (byte[] json : documents.values()) {
        bytes += json.length;
      }
      traces = decode(documents.values());
    } finally {
      lock.readLock().unlock();
    }
    long events = 0;
    Instant oldest = null;
    Instant newest = null;
    for (FlowTrace t : traces) {
      events += t.events().size();
      Instant start = t.startTime().toInstant();
      oldest = oldest == null || start.isBefore(oldest) ? start : oldest;
      newest = newest == null || start.isAfter(newest) ? start : newest;
    }
    return new StorageStats(traces.size(), events, bytes, oldest, newest);
  }

  @Override
  public long deleteOlderThan(Instant cutoff) {
    Objects.requireNonNull(cutoff, "cutoff");
    long cutoffMicros = Timestamp.of(cutoff).epochMicros();
    lock.writeLock().lock();
    try {
      checkOpen();
      List<TraceId> old = new ArrayList<>();
      for (Map.Entry<TraceId, byte[]> e : documents.entrySet()) {
        if (TraceJson.read(e.getValue()).startTime().epochMicros() < cutoffMicros) {
          old.add(e.getKey());
        }
      }
      old.forEach(documents::remove);
      return old.size();
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public String backendName() {
    return ExampleStorageProvider.NAME;
  }

  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      closed = true;
      documents.clear();
    } finally {
      lock.writeLock().unlock();
    }
  }

  private List<FlowTrace> all() {
    lock.readLock().lock();
    try {
      checkOpen();
      return decode(documents.values());
    } finally {
      lock.readLock().unlock();
    }
  }

  private static List<FlowTrace> decode(Collection<byte[]> documents) {
    List<FlowTrace> traces = new ArrayList<>(documents.size());
    for (byte[] json : documents) {
      traces.add(TraceJson.read(json));
    }
    return traces;
  }

  private void checkOpen() {
    if (closed) {
      throw new StorageClosedException(ExampleStorageProvider.NAME);
    }
  }
}
