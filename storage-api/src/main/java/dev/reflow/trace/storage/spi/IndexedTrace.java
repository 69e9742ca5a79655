package dev.reflow.trace.storage.spi;

import dev.reflow.trace.json.TraceFormatException;
import dev.reflow.trace.json.internal.CanonicalTraceCheck;
import dev.reflow.trace.model.ExecutionId;
import dev.reflow.trace.model.ExecutionStatus;
import dev.reflow.trace.model.FlowId;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.Timestamp;
import dev.reflow.trace.model.TraceEvent;
import dev.reflow.trace.model.TraceId;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a backend indexes of a trace (its filter and sort columns), without the trace: read from a
 * {@link FlowTrace} for {@code storeAll}, or checked out of stored JSON for
 * {@code storeAllJson} by {@link #ofCanonicalJson}, which never builds the trace.
 *
 * @param status the status kind ({@code Failed} for any error text)
 * @param eventCount the number of events
 * @param actorIds the distinct {@code actor_id}s of the events, in order of first appearance
 */
public record IndexedTrace(TraceId traceId, FlowId flowId, ExecutionId executionId, Timestamp startTime,
    Timestamp endTime, ExecutionStatus.Kind status, int eventCount, Set<String> actorIds) {

  public IndexedTrace {
    Objects.requireNonNull(traceId, "traceId");
    Objects.requireNonNull(flowId, "flowId");
    Objects.requireNonNull(executionId, "executionId");
    Objects.requireNonNull(startTime, "startTime");
    Objects.requireNonNull(status, "status");
    actorIds = Collections.unmodifiableSet(actorIds);
  }

  /** The indexed fields of a trace in memory. */
  public static IndexedTrace of(FlowTrace trace) {
    Set<String> actors = new LinkedHashSet<>();
    for (TraceEvent e : trace.events()) {
      actors.add(e.actorId());
    }
    return new IndexedTrace(trace.traceId(), trace.flowId(), trace.executionId(), trace.startTime(), trace.endTime(),
        trace.status().kind(), trace.events().size(), actors);
  }

  /**
   * The indexed fields of {@code json}, which must be exactly Reflow's compact JSON of a trace: the
   * bytes {@code TraceJson.writeBytes} writes, which {@code getJson} and {@code streamJson}
   * return. Checked byte by byte against that form without building the trace (several times
   * cheaper than reading it), so JSON that passes is stored as is and reads back unchanged. Any
   * other JSON, also a valid trace in another layout (whitespace, keys in another order, the older
   * model version, escapes serde_json does not write), is refused: read it with
   * {@code TraceJson.read} and store the trace instead.
   *
   * @throws TraceFormatException naming the column (byte offset + 1) where the input leaves the
   *     canonical form, and why
   */
  public static IndexedTrace ofCanonicalJson(byte[] json) {
    Objects.requireNonNull(json, "json");
    CanonicalTraceCheck.Fields f;
    try {
      f = CanonicalTraceCheck.check(json);
    } catch (CanonicalTraceCheck.NotCanonical e) {
      throw new TraceFormatException(null, 1, e.offset() + 1L, null,
          "not Reflow's canonical trace JSON (the bytes getJson returns): " + e.getMessage(), null);
    }
    return new IndexedTrace(TraceId.of(f.traceId()), FlowId.of(f.flowId()), ExecutionId.of(f.executionId()),
        f.startTime(), f.endTime(), f.status(), f.eventCount(), f.actorIds());
  }
}
