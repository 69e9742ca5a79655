package dev.reflow.trace.storage.fakes;

import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.StorageStats;
import dev.reflow.trace.storage.TraceQuery;
import dev.reflow.trace.storage.TraceStorage;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * What a fake provider returns: it remembers which provider made it and with which configuration,
 * which is all the selection tests look at. Storage operations are out of scope here (the TCK
 * covers them) and fail loudly if a test reaches them by mistake.
 */
public final class FakeStorage implements TraceStorage {
  private final String backendName;
  private final StorageConfig config;
  private boolean closed;

  public FakeStorage(String backendName, StorageConfig config) {
    this.backendName = backendName;
    this.config = config;
  }

  public StorageConfig config() {
    return config;
  }

  public boolean isClosed() {
    return closed;
  }

  @Override
  public String backendName() {
    return backendName;
  }

  @Override
  public void close() {
    closed = true;
  }

  @Override
  public void store(FlowTrace trace) {
    throw new UnsupportedOperationException("selection tests do not store");
  }

  @Override
  public void storeAll(Collection<FlowTrace> traces) {
    throw new UnsupportedOperationException("selection tests do not store");
  }

  @Override
  public Optional<FlowTrace> get(TraceId traceId) {
    throw new UnsupportedOperationException("selection tests do not read");
  }

  @Override
  public List<FlowTrace> query(TraceQuery query) {
    throw new UnsupportedOperationException("selection tests do not query");
  }

  @Override
  public boolean delete(TraceId traceId) {
    throw new UnsupportedOperationException("selection tests do not delete");
  }

  @Override
  public StorageStats stats() {
    throw new UnsupportedOperationException("selection tests do not read stats");
  }

  @Override
  public long deleteOlderThan(Instant cutoff) {
    throw new UnsupportedOperationException("selection tests do not delete");
  }
}
