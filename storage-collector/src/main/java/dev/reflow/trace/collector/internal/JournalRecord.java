package dev.reflow.trace.collector.internal;

import dev.reflow.trace.model.ExecutionId;
import dev.reflow.trace.model.Timestamp;
import dev.reflow.trace.model.TraceEvent;
import dev.reflow.trace.model.TraceId;

/** One change of in-flight state, as the journal holds it. Trace parts are kept as their JSON. */
sealed interface JournalRecord {
  TraceId traceId();

  /** A trace started (or restarted: same id, new flow and version; events kept). */
  record Start(TraceId traceId, ExecutionId executionId, Timestamp startTime, String flowId, byte[] versionJson,
      boolean lazy) implements JournalRecord {}

  /** An event appended to an in-flight trace. */
  record Event(TraceId traceId, byte[] eventJson) implements JournalRecord {}

  /**
   * An event of a compaction snapshot, as the collector holds it (decoded). The journal writes it
   * as an {@link Event}, encoding it on its own thread, so that compaction holds the state lock
   * only while it collects references.
   */
  record HeldEvent(TraceId traceId, TraceEvent event) implements JournalRecord {}

  /** A trace finalized with this status and end time, to be stored. */
  record End(TraceId traceId, byte[] statusJson, Timestamp endTime) implements JournalRecord {}

  /** A finalized trace is in storage; the journal no longer needs it. */
  record Stored(TraceId traceId) implements JournalRecord {}
}
