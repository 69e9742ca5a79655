package dev.reflow.trace.storage.tck;

import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.storage.StorageStats;
import dev.reflow.trace.storage.StoredTrace;
import dev.reflow.trace.storage.TraceQuery;
import dev.reflow.trace.storage.TraceStorage;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A {@link TraceStorage} that forwards every call, the default ones included, to another storage:
 * the seam for fault-injection tests. Override what the test breaks and the rest reaches the real
 * storage unchanged, for example a destination that fails its third batch:
 *
 * <pre>{@code
 * TraceStorage failing = new ForwardingTraceStorage(real) {
 *   int batches;
 *
 *   public void storeAll(Collection<FlowTrace> traces) {
 *     if (++batches == 3) {
 *       throw new TraceWriteException("disk full (simulated)");
 *     }
 *     super.storeAll(traces);
 *   }
 * };
 * }</pre>
 *
 * <p>Because {@link #stream}, {@link #streamJson}, {@link #count}, {@link #getJson} and
 * {@link #storeAllJson} are
 * forwarded too, overriding {@link #query} does not change what they return: override each call
 * the fault should reach. The TCK's own self-test builds its deliberately broken backends this way.
 */
public class ForwardingTraceStorage implements TraceStorage {
  private final TraceStorage delegate;

  public ForwardingTraceStorage(TraceStorage delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** The storage every call goes to. */
  protected TraceStorage delegate() {
    return delegate;
  }

  @Override
  public void store(FlowTrace trace) {
    delegate.store(trace);
  }

  @Override
  public void storeAll(Collection<FlowTrace> traces) {
    delegate.storeAll(traces);
  }

  @Override
  public void storeAllJson(Collection<StoredTrace> traces) {
    delegate.storeAllJson(traces);
  }

  @Override
  public Optional<FlowTrace> get(TraceId traceId) {
    return delegate.get(traceId);
  }

  @Override
  public Optional<byte[]> getJson(TraceId traceId) {
    return delegate.getJson(traceId);
  }

  @Override
  public List<FlowTrace> query(TraceQuery query) {
    return delegate.query(query);
  }

  @Override
  public Stream<FlowTrace> stream(TraceQuery query) {
    return delegate.stream(query);
  }

  @Override
  public Stream<StoredTrace> streamJson(TraceQuery query) {
    return delegate.streamJson(query);
  }

  @Override
  public long count(TraceQuery query) {
    return delegate.count(query);
  }

  @Override
  public boolean delete(TraceId traceId) {
    return delegate.delete(traceId);
  }

  @Override
  public StorageStats stats() {
    return delegate.stats();
  }

  @Override
  public long deleteOlderThan(Instant cutoff) {
    return delegate.deleteOlderThan(cutoff);
  }

  @Override
  public String backendName() {
    return delegate.backendName();
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + delegate + "]";
  }
}
