package dev.reflow.trace.collector.internal;

import dev.reflow.trace.json.TraceJson;
import dev.reflow.trace.model.ExecutionId;
import dev.reflow.trace.model.ExecutionStatus;
import dev.reflow.trace.model.FlowId;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.FlowVersion;
import dev.reflow.trace.model.Timestamp;
import dev.reflow.trace.model.TraceEvent;
import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.model.TraceMetadata;
import dev.reflow.trace.storage.TraceQuery;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A trace the collector holds before it is stored: in flight (events still arriving) or finalized
 * and waiting for the storage writer. Events are kept as their JSON bytes, so memory is about the
 * size of what was received and {@code server.max_in_flight_bytes} bounds it honestly; they are
 * decoded when the trace is read or stored. Mutable state is guarded by the object's monitor.
 */
final class InFlightTrace {
  /** What a trace without events costs in the memory bound (ids, header, bookkeeping). */
  static final int BASE_BYTES = 512;
  /** What an event costs beyond its JSON. */
  static final int EVENT_OVERHEAD = 48;

  final TraceId traceId;
  final ExecutionId executionId;
  final Timestamp startTime;
  final TraceMetadata metadata;
  FlowId flowId;
  FlowVersion version;
  /** Created by a RecordEvent for an unknown id rather than by StartTrace. */
  boolean lazy;
  final List<byte[]> events = new ArrayList<>();
  /** Distinct actor ids of the events, for {@code actor_filter} without decoding. */
  final Set<String> actors = new LinkedHashSet<>();
  long bytes = BASE_BYTES;
  Session owner;
  long lastActivityNanos;
  boolean startJournaled;
  /** Set once: the trace left the in-flight set. */
  ExecutionStatus finalStatus;
  Timestamp endTime;
  /** Whether storage was found to hold no trace with this id (so it cannot overlap a query). */
  volatile boolean knownNotStored;

  InFlightTrace(TraceId traceId, ExecutionId executionId, Timestamp startTime, TraceMetadata metadata, FlowId flowId,
      FlowVersion version, boolean lazy) {
    this.traceId = traceId;
    this.executionId = executionId;
    this.startTime = startTime;
    this.metadata = metadata;
    this.flowId = flowId;
    this.version = version;
    this.lazy = lazy;
  }

  boolean finalized() {
    return finalStatus != null;
  }

  ExecutionStatus status() {
    return finalStatus == null ? ExecutionStatus.RUNNING : finalStatus;
  }

  /** The trace without its events: enough for every filter but the actor one, and for ordering. */
  synchronized FlowTrace header() {
    return new FlowTrace(traceId, flowId, executionId, version, startTime, endTime, status(), List.of(), metadata);
  }

  /** Whether the trace passes every filter of the query (paging aside), as storage would decide. */
  synchronized boolean matches(TraceQuery query) {
    if (query.actorFilter() != null) {
      boolean any = false;
      for (String actor : actors) {
        if (actor.contains(query.actorFilter())) {
          any = true;
          break;
        }
      }
      if (!any) {
        return false;
      }
    }
    return query.toBuilder().actorFilter(null).build().matches(header());
  }

  /** The whole trace, events decoded. */
  synchronized FlowTrace toFlowTrace() {
    List<TraceEvent> decoded = new ArrayList<>(events.size());
    for (byte[] e : events) {
      decoded.add(TraceJson.readEvent(e, 0, e.length, "in-flight trace " + traceId));
    }
    return new FlowTrace(traceId, flowId, executionId, version, startTime, endTime, status(), decoded, metadata);
  }

  synchronized JournalRecord.Start startRecord() {
    return new JournalRecord.Start(traceId, executionId, startTime, flowId.value(),
        TraceJson.writeVersion(version).getBytes(java.nio.charset.StandardCharsets.UTF_8), lazy);
  }

  /** The records that rebuild this trace on replay. */
  synchronized void appendState(List<JournalRecord> out) {
    out.add(startRecord());
    for (byte[] e : events) {
      out.add(new JournalRecord.Event(traceId, e));
    }
    if (finalStatus != null) {
      out.add(new JournalRecord.End(traceId,
          TraceJson.writeStatus(finalStatus).getBytes(java.nio.charset.StandardCharsets.UTF_8), endTime));
    }
  }
}
