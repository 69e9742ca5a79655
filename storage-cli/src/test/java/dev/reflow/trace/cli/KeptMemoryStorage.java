package dev.reflow.trace.cli;

import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.storage.StorageClosedException;
import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.StorageStats;
import dev.reflow.trace.storage.TraceQuery;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.TraceStorages;
import dev.reflow.trace.storage.TraceWriteException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The memory backend, opened through its provider, for the command tests. Every answer comes from
 * the real backend; this class only keeps it across commands (each command closes its storage, as
 * it would close a database connection), notes what the commands asked for (batch sizes, queries,
 * prune cutoffs), and can be told to fail: everything with {@link #failWith}, or the traces of
 * chosen flows the way a database rejects a row (the whole {@code storeAll} fails and nothing of
 * it is stored).
 */
final class KeptMemoryStorage implements TraceStorage {
  static final String NAME = "kept-memory";

  final TraceStorage memory = TraceStorages.open(StorageConfig.empty()
      .with(StorageConfig.BACKEND, "memory")
      .with("storage.memory.max_traces", "100000"));
  Set<String> rejectedFlows = Set.of();
  final List<Integer> storeAllSizes = new ArrayList<>();
  final List<TraceQuery> queries = new ArrayList<>();
  final List<Instant> pruneCutoffs = new ArrayList<>();
  RuntimeException failWith;
  /** Whether the last command closed its storage; opening it for the next command clears this. */
  boolean closed;

  KeptMemoryStorage rejecting(String... flows) {
    rejectedFlows = Set.of(flows);
    return this;
  }

  /** A command line whose every command opens this storage. */
  Cli cli() {
    Cli cli = new Cli();
    cli.opener = config -> {
      closed = false;
      return this;
    };
    return cli;
  }

  /** Everything stored, by id, read through the backend. */
  Map<TraceId, FlowTrace> traces() {
    Map<TraceId, FlowTrace> all = new LinkedHashMap<>();
    memory.query(TraceQuery.all()).forEach(t -> all.put(t.traceId(), t));
    return all;
  }

  @Override
  public void store(FlowTrace trace) {
    check();
    reject(trace);
    memory.store(trace);
  }

  @Override
  public void storeAll(Collection<FlowTrace> traces) {
    check();
    storeAllSizes.add(traces.size());
    traces.forEach(this::reject);
    memory.storeAll(traces);
  }

  @Override
  public Optional<FlowTrace> get(TraceId traceId) {
    check();
    return memory.get(traceId);
  }

  @Override
  public Optional<byte[]> getJson(TraceId traceId) {
    check();
    return memory.getJson(traceId);
  }

  @Override
  public List<FlowTrace> query(TraceQuery query) {
    check();
    queries.add(query);
    return memory.query(query);
  }

  @Override
  public boolean delete(TraceId traceId) {
    check();
    return memory.delete(traceId);
  }

  @Override
  public StorageStats stats() {
    check();
    return memory.stats();
  }

  @Override
  public long deleteOlderThan(Instant cutoff) {
    check();
    pruneCutoffs.add(cutoff);
    return memory.deleteOlderThan(cutoff);
  }

  /**
   * Not {@code memory}: this store outlives the commands, so the import command's warning that
   * the memory backend loses everything at exit does not apply to it.
   */
  @Override
  public String backendName() {
    return NAME;
  }

  /** Kept for the next command: only notes that the command closed it. */
  @Override
  public void close() {
    closed = true;
  }

  private void check() {
    if (closed) {
      throw new StorageClosedException(backendName());
    }
    if (failWith != null) {
      throw failWith;
    }
  }

  private void reject(FlowTrace t) {
    if (rejectedFlows.contains(t.flowId().value())) {
      throw new TraceWriteException(NAME + ": store trace " + t.traceId() + " failed: flow "
          + t.flowId().value() + " is rejected");
    }
  }
}
