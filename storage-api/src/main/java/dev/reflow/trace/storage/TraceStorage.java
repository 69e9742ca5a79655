package dev.reflow.trace.storage;

import dev.reflow.trace.json.TraceJson;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.TraceId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A durable store of Reflow flow traces. Implementations are thread-safe; every call is
 * write-through (a call returns after its effect is durable to the backend's standard and
 * visible to later calls). Query semantics are normative and checked by the TCK:
 *
 * <ul>
 *   <li>{@code flow_id}, {@code execution_id}: exact match; {@code status}: matches the kind
 *       ({@code Failed} matches any error text); {@code time_range}: inclusive on
 *       {@code start_time} at microsecond precision; {@code actor_filter}: some event's
 *       {@code actor_id} contains the text (case-sensitive, literal). Filters AND.
 *   <li>Order: {@code start_time} descending, then {@code trace_id} ascending (unsigned byte
 *       order of the UUID, which is the order of its lowercase string).
 * </ul>
 *
 * <p>After {@link #close()} every call but {@code close()} fails with
 * {@link StorageClosedException}; {@code close()} is idempotent.
 */
public interface TraceStorage extends AutoCloseable {

  /** Stores the trace, replacing any trace with the same id (also when its start time changed). */
  void store(FlowTrace trace);

  /** Stores every trace in one transaction: all or none. Later duplicates of an id win. */
  void storeAll(Collection<FlowTrace> traces);

  /** The trace with this id, or empty. */
  Optional<FlowTrace> get(TraceId traceId);

  /**
   * The trace with this id as compact Reflow JSON: the bytes {@link TraceJson#writeBytes} writes
   * for what {@link #get} returns. Backends that keep the JSON return it without building the
   * trace, several times cheaper for a caller that only passes the trace on (an HTTP API, the
   * CLI's {@code get}). The default decodes and writes.
   */
  default Optional<byte[]> getJson(TraceId traceId) {
    return get(traceId).map(TraceJson::writeBytes);
  }

  /** The traces matching every filter of the query, in the normative order, paged. */
  List<FlowTrace> query(TraceQuery query);

  /** Deletes the trace; whether one was deleted. */
  boolean delete(TraceId traceId);

  /** Counts and sizes; see {@link StorageStats}. */
  StorageStats stats();

  /**
   * Retention: deletes every trace whose {@code start_time} is before {@code cutoff} (compared at
   * microsecond precision) and returns how many were deleted.
   */
  long deleteOlderThan(Instant cutoff);

  /** The provider name this storage was created by, e.g. {@code "sqlite"}. */
  String backendName();

  /** Releases connections and files. Idempotent. */
  @Override
  void close();
}
