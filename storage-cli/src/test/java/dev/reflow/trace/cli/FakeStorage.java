package dev.reflow.trace.cli;

import dev.reflow.trace.model.FlowTrace;
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
import java.util.Optional;

/**
 * A map-backed storage for command tests that records what the commands asked of it. Query
 * semantics come from {@link TraceQuery#matches} and {@link TraceQuery#ORDER}, the reference.
 */
final class FakeStorage implements TraceStorage {
  final Map<TraceId, FlowTrace> traces = new LinkedHashMap<>();
  final List<Integer> batchSizes = new ArrayList<>();
  final List<TraceQuery> queries = new ArrayList<>();
  final List<Instant> pruneCutoffs = new ArrayList<>();
  RuntimeException failWith;
  boolean closed;

  @Override
  public void store(FlowTrace trace) {
    check();
    traces.put(trace.traceId(), trace);
  }

  @Override
  public void storeAll(Collection<FlowTrace> batch) {
    check();
    batchSizes.add(batch.size());
    batch.forEach(t -> traces.put(t.traceId(), t));
  }

  @Override
  public Optional<FlowTrace> get(TraceId traceId) {
    check();
    return Optional.ofNullable(traces.get(traceId));
  }

  @Override
  public List<FlowTrace> query(TraceQuery query) {
    check();
    queries.add(query);
    List<FlowTrace> all = traces.values().stream().filter(query::matches).sorted(TraceQuery.ORDER).toList();
    int from = Math.min(all.size(), query.offset() == null ? 0 : query.offset());
    int to = query.limit() == null ? all.size() : Math.min(all.size(), from + query.limit());
    return all.subList(from, to);
  }

  @Override
  public boolean delete(TraceId traceId) {
    check();
    return traces.remove(traceId) != null;
  }

  @Override
  public StorageStats stats() {
    check();
    long events = traces.values().stream().mapToLong(t -> t.events().size()).sum();
    Instant oldest = traces.values().stream().map(t -> t.startTime().toInstant()).min(Instant::compareTo).orElse(null);
    Instant newest = traces.values().stream().map(t -> t.startTime().toInstant()).max(Instant::compareTo).orElse(null);
    return new StorageStats(traces.size(), events, 1234L * traces.size(), oldest, newest, Map.of("fake", "yes"));
  }

  @Override
  public long deleteOlderThan(Instant cutoff) {
    check();
    pruneCutoffs.add(cutoff);
    long micros = dev.reflow.trace.model.Timestamp.of(cutoff).epochMicros();
    List<TraceId> old = traces.values().stream().filter(t -> t.startTime().epochMicros() < micros)
        .map(FlowTrace::traceId).toList();
    old.forEach(traces::remove);
    return old.size();
  }

  @Override
  public String backendName() {
    return "fake";
  }

  @Override
  public void close() {
    closed = true;
  }

  private void check() {
    if (closed) {
      throw new StorageClosedException("fake");
    }
    if (failWith != null) {
      throw failWith;
    }
  }
}
