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
 * and waiting for the storage writer. Events are kept as decoded when they arrived (every event is
 * decoded then anyway, to check it), so storing or reading the trace does not parse them again;
 * each one counts in {@code server.max_in_flight_bytes} with an upper bound of the heap it holds
 * ({@link EventFootprint}), so the bound stays honest. The journal keeps the events' JSON.
 * Mutable state is guarded by the object's monitor.
 */
final class InFlightTrace {
  /** What a trace without events costs in the memory bound (ids, header, bookkeeping). */
  static final int BASE_BYTES = 512;
  /** What an event costs beyond its own objects: its slot in {@link #events} (with the list's slack). */
  static final int EVENT_OVERHEAD = 48;

  final TraceId traceId;
  final ExecutionId executionId;
  final Timestamp startTime;
  final TraceMetadata metadata;
  FlowId flowId;
  FlowVersion version;
  /** Created by a RecordEvent for an unknown id rather than by StartTrace. */
  boolean lazy;
  final List<TraceEvent> events = new ArrayList<>();
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

  /** What an event costs in the memory bound. */
  static long cost(TraceEvent event) {
    return EventFootprint.of(event) + EVENT_OVERHEAD;
  }

  /** Appends an event; the caller has reserved {@link #cost} for it. */
  synchronized void add(TraceEvent event, long cost) {
    events.add(event);
    actors.add(event.actorId());
    bytes += cost;
  }

  /** The whole trace (its events as they arrived, nothing parsed again). */
  synchronized FlowTrace toFlowTrace() {
    return new FlowTrace(traceId, flowId, executionId, version, startTime, endTime, status(), events, metadata);
  }

  synchronized JournalRecord.Start startRecord() {
    return new JournalRecord.Start(traceId, executionId, startTime, flowId.value(),
        TraceJson.writeVersion(version).getBytes(java.nio.charset.StandardCharsets.UTF_8), lazy);
  }

  /** The records that rebuild this trace on replay. */
  synchronized void appendState(List<JournalRecord> out) {
    out.add(startRecord());
    for (TraceEvent e : events) {
      out.add(new JournalRecord.HeldEvent(traceId, e));
    }
    if (finalStatus != null) {
      out.add(new JournalRecord.End(traceId,
          TraceJson.writeStatus(finalStatus).getBytes(java.nio.charset.StandardCharsets.UTF_8), endTime));
    }
  }
}
