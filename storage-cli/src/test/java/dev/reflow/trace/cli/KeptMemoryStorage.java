package dev.reflow.trace.cli;

import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.storage.StorageStats;
import dev.reflow.trace.storage.TraceQuery;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.TraceWriteException;
import dev.reflow.trace.storage.memory.MemoryTraceStorage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The memory backend, kept across commands (each command closes its storage), and able to reject
 * traces of chosen flows the way a database rejects a row: the whole {@code storeAll} fails and
 * nothing of it is stored.
 */
final class KeptMemoryStorage implements TraceStorage {
  final MemoryTraceStorage memory = new MemoryTraceStorage();
  Set<String> rejectedFlows = Set.of();
  final List<Integer> storeAllSizes = new ArrayList<>();

  KeptMemoryStorage rejecting(String... flows) {
    rejectedFlows = Set.of(flows);
    return this;
  }

  Cli cli() {
    Cli cli = new Cli();
    cli.opener = config -> this;
    return cli;
  }

  private void check(FlowTrace t) {
    if (rejectedFlows.contains(t.flowId().value())) {
      throw new TraceWriteException("kept-memory: store trace " + t.traceId() + " failed: flow "
          + t.flowId().value() + " is rejected");
    }
  }

  @Override
  public void store(FlowTrace trace) {
    check(trace);
    memory.store(trace);
  }

  @Override
  public void storeAll(Collection<FlowTrace> traces) {
    storeAllSizes.add(traces.size());
    traces.forEach(this::check);
    memory.storeAll(traces);
  }

  @Override
  public Optional<FlowTrace> get(TraceId traceId) {
    return memory.get(traceId);
  }

  @Override
  public List<FlowTrace> query(TraceQuery query) {
    return memory.query(query);
  }

  @Override
  public boolean delete(TraceId traceId) {
    return memory.delete(traceId);
  }

  @Override
  public StorageStats stats() {
    return memory.stats();
  }

  @Override
  public long deleteOlderThan(Instant cutoff) {
    return memory.deleteOlderThan(cutoff);
  }

  @Override
  public String backendName() {
    return "kept-memory";
  }

  @Override
  public void close() {
    // kept for the next command
  }
}
