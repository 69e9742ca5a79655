package dev.reflow.trace.storage;

import dev.reflow.trace.json.TraceJson;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.TraceId;
import java.time.Instant;
import java.util.Collection;
import dev.reflow.trace.storage.internal.KeysetPages;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

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
 *
 * <p>Null arguments are programming errors, not storage failures: every method throws
 * {@link NullPointerException} whose message names the parameter ({@code trace}, {@code traces},
 * {@code traceId}, {@code query}, {@code cutoff}), and {@link #storeAll} throws it for a null
 * element, naming its index ({@code traces[3] is null; …}), before storing any trace of the
 * batch. "Every trace" is {@link TraceQuery#all()}, never {@code null}. The TCK checks this on
 * every backend.
 */
public interface TraceStorage extends AutoCloseable {

  /** Stores the trace, replacing any trace with the same id (also when its start time changed). */
  void store(FlowTrace trace);

  /** Stores every trace in one transaction: all or none. Later duplicates of an id win. */
  void storeAll(Collection<FlowTrace> traces);

  /**
   * {@link #storeAll} for traces given as their stored JSON, as {@link #getJson} and
   * {@link #streamJson} return it: one transaction, all or none, later duplicates of an id win, and
   * afterwards the store holds exactly what {@code storeAll} of the same traces, parsed, would
   * leave. For a copy from one store to another, which then never builds a trace.
   *
   * <p>Each element's bytes must be Reflow's canonical JSON of a trace (what
   * {@link TraceJson#writeBytes} writes) whose id and start time are the element's; this is
   * checked for the whole batch before anything is stored, without parsing the traces
   * ({@link dev.reflow.trace.storage.spi.IndexedTrace#ofCanonicalJson}), so nothing but that form
   * is ever stored. JSON in any other form, also a valid trace written differently, is refused:
   * parse it with {@link TraceJson#read} and call {@code storeAll}.
   *
   * <p>The default checks, parses and calls {@link #storeAll}; backends that store the JSON
   * override it to store the given bytes.
   *
   * @throws dev.reflow.trace.json.TraceFormatException when an element is not canonical JSON of the
   *     trace it names; the message names its index, id and the byte where it goes wrong, and
   *     nothing of the batch is stored
   * @throws NullPointerException for a null batch or element (naming its index), storing nothing
   */
  default void storeAllJson(Collection<StoredTrace> traces) {
    List<FlowTrace> parsed = dev.reflow.trace.storage.spi.TraceBatches.lastPerIdJson(traces,
        (indexed, stored, index) -> TraceJson.read(stored.json()));
    storeAll(parsed);
  }

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

  /**
   * The traces matching every filter of the query, in the normative order, after
   * {@link TraceQuery#after()} when set, then paged by offset and limit. The whole page is in
   * memory: for more than a page, use {@link #stream}.
   */
  List<FlowTrace> query(TraceQuery query);

  /**
   * The same traces as {@link #query}, in the same order, read as the caller consumes them, so
   * that memory does not grow with the number of matches. The stream holds a connection or cursor
   * until it is closed or fully consumed: use it in try-with-resources. Closing it early releases
   * everything. A trace stored or deleted while the stream is open may or may not be seen; the
   * stream does not fail because of it and returns no trace twice. Errors surface from the
   * stream's terminal operation as {@link TraceQueryException}.
   *
   * <p>The default reads keyset pages of {@code query} ({@value KeysetPages#DEFAULT_PAGE_SIZE}
   * traces each, each page starting at the last one's {@code start_time}), which any backend
   * supports; backends with cursors override it.
   */
  default Stream<FlowTrace> stream(TraceQuery query) {
    Objects.requireNonNull(query, "query");
    return KeysetPages.stream(this, query, KeysetPages.DEFAULT_PAGE_SIZE);
  }

  /**
   * {@link #stream} as stored JSON with each trace's id and start time: the bytes
   * {@link #getJson} returns, without building the trace. For callers that pass traces on (an
   * export, a copy to another store). Close it as {@link #stream}. The default writes each trace
   * {@link #stream} yields; backends that keep the JSON override it.
   */
  default Stream<StoredTrace> streamJson(TraceQuery query) {
    return stream(query).map(StoredTrace::of);
  }

  /**
   * How many traces match the query's filters (and come after {@link TraceQuery#after()}),
   * ignoring its limit and offset: the total a pager shows. The default counts a
   * {@link #stream}; backends override it with a database count.
   */
  default long count(TraceQuery query) {
    Objects.requireNonNull(query, "query");
    try (Stream<FlowTrace> s = stream(query.unpaged())) {
      return s.count();
    }
  }

  /** Deletes the trace; whether one was deleted. */
  boolean delete(TraceId traceId);

  /** Counts and sizes; see {@link StorageStats}. */
  StorageStats stats();

  /**
   * Retention: deletes every trace whose {@code start_time} is before {@code cutoff} (compared at
   * microsecond precision) and returns how many were deleted.
   *
   * <p>Not one transaction: a backend may delete in batches, each committed on its own (the
   * built-in ones do, oldest first, see {@link dev.reflow.trace.storage.spi.TraceBatches#deleteInBatches}),
   * so that retention needs a bounded journal and works on a nearly full disk. Each trace is
   * deleted whole or not at all; when a batch fails, the batches before it stay deleted, the
   * exception says how many traces they held, and calling again finishes the job.
   */
  long deleteOlderThan(Instant cutoff);

  /** The provider name this storage was created by, e.g. {@code "sqlite"}. */
  String backendName();

  /** Releases connections and files. Idempotent. */
  @Override
  void close();
}
