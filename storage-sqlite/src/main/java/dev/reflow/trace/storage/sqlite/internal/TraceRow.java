package dev.reflow.trace.storage.sqlite.internal;

import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.storage.spi.IndexedTrace;
import dev.reflow.trace.storage.spi.TraceDocuments;
import java.util.Set;

/**
 * A trace as the {@code traces} and {@code trace_actors} tables hold it. Built before the write
 * lock is taken, so that JSON writing and compression run in parallel across threads.
 */
public record TraceRow(
    String traceId,
    String flowId,
    String executionId,
    String status,
    long startTime,
    Long endTime,
    int eventCount,
    int size,
    String codec,
    byte[] doc,
    Set<String> actorIds) {

  public static TraceRow of(FlowTrace trace, int compressionThreshold) {
    return of(IndexedTrace.of(trace), TraceDocuments.encode(trace, compressionThreshold));
  }

  /** The row of a trace given by its indexed fields and its encoded document. */
  public static TraceRow of(IndexedTrace trace, TraceDocuments.Encoded encoded) {
    return new TraceRow(
        trace.traceId().toString(),
        trace.flowId().value(),
        trace.executionId().toString(),
        trace.status().variantName(),
        trace.startTime().epochMicros(),
        trace.endTime() == null ? null : trace.endTime().epochMicros(),
        trace.eventCount(),
        encoded.jsonLength(),
        encoded.codec().id(),
        encoded.bytes(),
        trace.actorIds());
  }
}
