package dev.reflow.trace.cli;

import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.storage.StorageStats;
import dev.reflow.trace.storage.StoredTrace;
import dev.reflow.trace.storage.TraceQuery;
import dev.reflow.trace.storage.TraceStorage;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** A real storage behind a seam: tests override {@link #storeAll} to fail or lose traces. */
class DelegatingStorage implements TraceStorage {
  final TraceStorage real;

  DelegatingStorage(TraceStorage real) {
    this.real = real;
  }

  @Override
  public void store(FlowTrace trace) {
    real.store(trace);
  }

  @Override
  public void storeAll(Collection<FlowTrace> traces) {
    real.storeAll(traces);
  }

  @Override
  public Optional<FlowTrace> get(TraceId traceId) {
    return real.get(traceId);
  }

  @Override
  public Optional<byte[]> getJson(TraceId traceId) {
    return real.getJson(traceId);
  }

  @Override
  public List<FlowTrace> query(TraceQuery query) {
    return real.query(query);
  }

  @Override
  public Stream<FlowTrace> stream(TraceQuery query) {
    return real.stream(query);
  }

  @Override
  public Stream<StoredTrace> streamJson(TraceQuery query) {
    return real.streamJson(query);
  }

  @Override
  public long count(TraceQuery query) {
    return real.count(query);
  }

  @Override
  public boolean delete(TraceId traceId) {
    return real.delete(traceId);
  }

  @Override
  public StorageStats stats() {
    return real.stats();
  }

  @Override
  public long deleteOlderThan(Instant cutoff) {
    return real.deleteOlderThan(cutoff);
  }

  @Override
  public String backendName() {
    return real.backendName();
  }

  @Override
  public void close() {
    real.close();
  }
}
