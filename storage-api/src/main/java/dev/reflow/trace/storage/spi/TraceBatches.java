package dev.reflow.trace.storage.spi;

import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.TraceId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The batch of a {@code TraceStorage.storeAll} call as a backend should write it: checked for
 * nulls and reduced to one entry per trace id, the last occurrence winning, so the result is what
 * storing the traces one by one, in order, would leave. One entry per id also keeps a batched
 * upsert valid on databases that refuse to touch a row twice in one statement (PostgreSQL's
 * {@code ON CONFLICT}, a multi-row {@code INSERT}).
 *
 * <p>Every element is checked and converted before anything is returned, so a backend that calls
 * this before opening its transaction writes nothing of a batch with a bad element.
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
    Objects.requireNonNull(traces, "traces");
    Map<TraceId, R> last = new LinkedHashMap<>();
    int index = 0;
    for (FlowTrace trace : traces) {
      if (trace == null) {
        throw new NullPointerException("traces[" + index + "] is null; nothing of this batch was stored");
      }
      R encoded = encoder.encode(trace, index);
      last.remove(trace.traceId());
      last.put(trace.traceId(), encoded);
      index++;
    }
    return new ArrayList<>(last.values());
  }
}
