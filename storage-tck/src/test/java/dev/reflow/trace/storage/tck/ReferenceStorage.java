package dev.reflow.trace.storage.tck;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The plainest correct storage, for the TCK's own tests: a map under one lock, with the query
 * semantics taken straight from {@link TraceQuery#matches} and {@link TraceQuery#ORDER}. The
 * self-test breaks copies of it one defect at a time; it lives here rather than borrowing the
 * memory backend because storage-memory runs the TCK, so the TCK cannot depend on it.
 */
class ReferenceStorage implements TraceStorage {
  static final String NAME = "reference";

  private final Map<TraceId, FlowTrace> traces = new LinkedHashMap<>();
  /** Ids this "database" refuses to write, as a trigger would: see TraceStorageTck.refuseInDatabase. */
  private final java.util.Set<TraceId> refused = new java.util.HashSet<>();
  private boolean closed;

  @Override
  public synchronized void store(FlowTrace trace) {
    Objects.requireNonNull(trace, "trace");
    checkOpen();
    checkAccepted(trace);
    traces.put(trace.traceId(), trace);
  }

  /** From now on, writing a trace with this id fails. */
  synchronized void refuse(TraceId traceId) {
    refused.add(traceId);
  }

  private void checkAccepted(FlowTrace trace) {
    if (refused.contains(trace.traceId())) {
      throw new dev.reflow.trace.storage.TraceWriteException("trace " + trace.traceId() + " refused by the test");
    }
  }

  @Override
  public synchronized void storeAll(Collection<FlowTrace> batch) {
    Objects.requireNonNull(batch, "traces");
    int i = 0;
    for (FlowTrace t : batch) {
      if (t == null) {
        throw new NullPointerException("traces[" + i + "] is null; nothing of this batch was stored");
      }
      i++;
    }
    checkOpen();
    batch.forEach(this::checkAccepted);
    batch.forEach(t -> traces.put(t.traceId(), t));
  }

  @Override
  public synchronized Optional<FlowTrace> get(TraceId traceId) {
    Objects.requireNonNull(traceId, "traceId");
    checkOpen();
    return Optional.ofNullable(traces.get(traceId));
  }

  @Override
  public synchronized List<FlowTrace> query(TraceQuery query) {
    Objects.requireNonNull(query, "query");
    checkOpen();
    List<FlowTrace> all = traces.values().stream().filter(query::matches).sorted(TraceQuery.ORDER).toList();
    int from = Math.min(all.size(), query.offset() == null ? 0 : query.offset());
    long to = query.limit() == null ? all.size() : Math.min(all.size(), (long) from + query.limit());
    return new ArrayList<>(all.subList(from, (int) to));
  }

  @Override
  public synchronized boolean delete(TraceId traceId) {
    Objects.requireNonNull(traceId, "traceId");
    checkOpen();
    return traces.remove(traceId) != null;
  }

  @Override
  public synchronized StorageStats stats() {
    checkOpen();
    long events = traces.values().stream().mapToLong(t -> t.events().size()).sum();
    long bytes = traces.values().stream().mapToLong(t -> TraceJson.writeBytes(t).length).sum();
    Instant oldest = traces.values().stream().map(t -> t.startTime().toInstant()).min(Instant::compareTo).orElse(null);
    Instant newest = traces.values().stream().map(t -> t.startTime().toInstant()).max(Instant::compareTo).orElse(null);
    return new StorageStats(traces.size(), events, bytes, oldest, newest, Map.of());
  }

  @Override
  public synchronized long deleteOlderThan(Instant cutoff) {
    Objects.requireNonNull(cutoff, "cutoff");
    checkOpen();
    long cutoffMicros;
    try {
      cutoffMicros = Timestamp.of(cutoff).epochMicros();
    } catch (ArithmeticException e) {
      // beyond ±292,000 years: before or after every representable start time
      cutoffMicros = cutoff.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    long micros = cutoffMicros;
    int before = traces.size();
    traces.values().removeIf(t -> t.startTime().epochMicros() < micros);
    return before - traces.size();
  }

  @Override
  public String backendName() {
    return NAME;
  }

  @Override
  public synchronized void close() {
    closed = true;
    traces.clear();
  }

  private void checkOpen() {
    if (closed) {
      throw new StorageClosedException(NAME);
    }
  }
}
