package dev.reflow.trace.storage.spi;

import dev.reflow.trace.json.TraceFormatException;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.storage.StorageClosedException;
import dev.reflow.trace.storage.StorageConnectionException;
import dev.reflow.trace.storage.StoredTrace;
import dev.reflow.trace.storage.TraceStorageException;
import dev.reflow.trace.storage.TraceWriteException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The batch of a {@code TraceStorage.storeAll} call as a backend should write it: checked for
 * nulls and reduced to one entry per trace id, the last occurrence winning, so the result is what
 * storing the traces one by one, in order, would leave. One entry per id also keeps a batched
 * upsert valid on databases that refuse to touch a row twice in one statement (PostgreSQL's
 * {@code ON CONFLICT}, a multi-row {@code INSERT}).
 *
 * <p>Every element is checked and converted before anything is returned, so a backend that calls
 * this before opening its transaction writes nothing of a batch with a bad element.
 *
 * <p>{@link #deleteInBatches} is the other direction: retention as a series of small transactions.
 */
public final class TraceBatches {
  private TraceBatches() {}

  /** Converts one trace of a batch into what the backend writes (a row, a document). */
  @FunctionalInterface
  public interface Encoder<R> {
    /**
     * @param trace never null
     * @param index its place in the batch, for error messages
     */
    R encode(FlowTrace trace, int index);
  }

  /**
   * The traces of the batch, one per trace id, the last occurrence of an id winning and taking
   * its place in the order.
   *
   * @throws NullPointerException when {@code traces} or one of its elements is null; the message
   *     names the element's index
   */
  public static List<FlowTrace> lastPerId(Collection<FlowTrace> traces) {
    return lastPerId(traces, (trace, index) -> trace);
  }

  /**
   * Encodes every trace of the batch, in order (so a trace that cannot be encoded fails the batch
   * even when a later duplicate would replace it, as storing one by one would), and keeps one
   * result per trace id: the last occurrence's, in the last occurrence's place.
   *
   * @throws NullPointerException when {@code traces} or one of its elements is null; the message
   *     names the element's index
   */
  public static <R> List<R> lastPerId(Collection<FlowTrace> traces, Encoder<R> encoder) {
    return lastPer(traces, FlowTrace::traceId, encoder::encode);
  }

  /** Converts one already-encoded trace of a {@code storeAllJson} batch into what the backend writes. */
  @FunctionalInterface
  public interface JsonEncoder<R> {
    /**
     * @param indexed the trace's indexed fields, read from its JSON
     * @param stored the element, its JSON checked to be canonical: store these bytes, or the zstd
     *     frame it carries ({@link TraceDocuments#encodeJson(StoredTrace, int)})
     * @param index its place in the batch, for error messages
     */
    R encode(IndexedTrace indexed, StoredTrace stored, int index);
  }

  /**
   * {@link #lastPerId(Collection, Encoder)} for a {@code storeAllJson} batch: every element is
   * checked to be Reflow's canonical JSON of a trace ({@link IndexedTrace#ofCanonicalJson}) whose
   * id and start time are the ones the {@link StoredTrace} carries, before anything is returned,
   * so a backend that calls this before its transaction stores nothing of a batch with a bad
   * element.
   *
   * @throws NullPointerException when {@code traces} or one of its elements is null; the message
   *     names the element's index
   * @throws TraceFormatException when an element's JSON is not canonical or not the trace it says;
   *     the message names the element's index and trace id
   */
  public static <R> List<R> lastPerIdJson(Collection<StoredTrace> traces, JsonEncoder<R> encoder) {
    return lastPer(traces, StoredTrace::traceId, (stored, index) -> {
      IndexedTrace indexed = checked(stored, index);
      return encoder.encode(indexed, stored, index);
    });
  }

  /** The indexed fields of one element of a {@code storeAllJson} batch, checked. */
  private static IndexedTrace checked(StoredTrace stored, int index) {
    String source = "traces[" + index + "] (trace " + stored.traceId() + ")";
    IndexedTrace indexed;
    try {
      indexed = IndexedTrace.ofCanonicalJson(stored.json());
    } catch (TraceFormatException e) {
      throw new TraceFormatException(source, e.line(), e.column(), null,
          e.reason() + "; nothing of this batch was stored", null);
    }
    if (!indexed.traceId().equals(stored.traceId())) {
      throw new TraceFormatException(source, -1, -1, null, "its JSON holds trace " + indexed.traceId()
          + "; nothing of this batch was stored", null);
    }
    if (indexed.startTime().epochMicros() != stored.startTimeMicros()) {
      throw new TraceFormatException(source, -1, -1, null, "its JSON's start_time is " + indexed.startTime()
          + " (" + indexed.startTime().epochMicros() + " µs), not " + stored.startTimeMicros()
          + " µs; nothing of this batch was stored", null);
    }
    return indexed;
  }

  private interface Step<T, R> {
    R apply(T element, int index);
  }

  private static <T, R> List<R> lastPer(Collection<T> traces, Function<T, TraceId> id, Step<T, R> encoder) {
    Objects.requireNonNull(traces, "traces");
    Map<TraceId, R> last = new LinkedHashMap<>();
    int index = 0;
    for (T trace : traces) {
      if (trace == null) {
        throw new NullPointerException("traces[" + index + "] is null; nothing of this batch was stored");
      }
      R encoded = encoder.apply(trace, index);
      TraceId key = id.apply(trace);
      last.remove(key);
      last.put(key, encoded);
      index++;
    }
    return new ArrayList<>(last.values());
  }

  /**
   * How many traces one retention transaction deletes: small enough that its journal (SQLite's
   * WAL or rollback journal, PostgreSQL's locks and WAL) stays a few megabytes, large enough that
   * the per-transaction cost (a commit, an fsync) is spread over many rows.
   */
  public static final int DELETE_BATCH_SIZE = 1_000;

  /** Deletes and commits, in one transaction, up to {@code limit} traces that retention removes. */
  @FunctionalInterface
  public interface DeleteBatch {
    /**
     * @return how many traces this transaction deleted; fewer than {@code limit} means none is left
     * @throws TraceStorageException when the transaction failed (and so deleted nothing)
     */
    long deleteNext(int limit);
  }

  /**
   * Runs {@code batch} until a transaction deletes fewer than {@code batchSize} traces and returns
   * the total: retention whose journal and memory stay bounded whatever the number of traces, and
   * that makes progress on a nearly full disk. Each batch commits on its own, so a failure keeps
   * the batches before it; the exception then says how many traces were already deleted (same
   * type as the failure, so a connection failure stays a {@link StorageConnectionException}).
   */
  public static long deleteInBatches(int batchSize, DeleteBatch batch) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be positive: " + batchSize);
    }
    long total = 0;
    while (true) {
      long deleted;
      try {
        deleted = batch.deleteNext(batchSize);
      } catch (TraceStorageException e) {
        if (total == 0 || e instanceof StorageClosedException) {
          throw e;
        }
        String message = e.getMessage() + " (" + total + (total == 1 ? " trace was" : " traces were")
            + " deleted before this failure, in committed batches; every other trace is unchanged)";
        throw e instanceof StorageConnectionException
            ? new StorageConnectionException(message, e) : new TraceWriteException(message, e);
      }
      total += deleted;
      if (deleted < batchSize) {
        return total;
      }
    }
  }
}
