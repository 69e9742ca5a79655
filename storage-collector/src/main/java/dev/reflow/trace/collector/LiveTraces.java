package dev.reflow.trace.collector;

import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.storage.TraceQuery;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

/**
 * A read-only view of what a running collector holds in memory: traces in flight and traces that
 * have ended but are not stored yet. A reader that also reads the storage (the trace viewer) merges
 * the two; an in-memory trace supersedes a stored copy with the same id, as {@code QueryTraces}
 * does. Every method is safe to call from any thread.
 */
public interface LiveTraces {

  /**
   * The in-memory traces that pass the query's filters and come after {@link TraceQuery#after()},
   * in the normative order ({@link TraceQuery#ORDER}), at most {@code max} of them, with their
   * events decoded. The query's limit and offset are ignored.
   */
  List<FlowTrace> matching(TraceQuery query, int max);

  /** The in-memory trace with this id, or empty when the collector holds none. */
  Optional<FlowTrace> get(TraceId traceId);

  /** Whether the collector holds this trace in memory (so its stored copy, if any, is stale). */
  boolean holds(TraceId traceId);

  /** Traces in flight now. */
  int inFlight();

  /**
   * The counters {@code GetMetrics} reports (connections, messages, events recorded, traces
   * stored, errors, in-flight traces and bytes, …), by name.
   */
  SortedMap<String, Long> counters();
}
