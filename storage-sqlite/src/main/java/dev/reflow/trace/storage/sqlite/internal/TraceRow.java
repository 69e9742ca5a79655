package dev.reflow.trace.storage.sqlite.internal;

import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.TraceEvent;
import dev.reflow.trace.storage.spi.TraceDocuments;
import java.util.LinkedHashSet;
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
    TraceDocuments.Encoded encoded = TraceDocuments.encode(trace, compressionThreshold);
    Set<String> actors = new LinkedHashSet<>();
    for (TraceEvent e : trace.events()) {
      actors.add(e.actorId());
    }
    return new TraceRow(
        trace.traceId().toString(),
        trace.flowId().value(),
        trace.executionId().toString(),
        trace.status().kind().variantName(),
        trace.startTime().epochMicros(),
        trace.endTime() == null ? null : trace.endTime().epochMicros(),
        trace.events().size(),
        encoded.jsonLength(),
        encoded.codec().id(),
        encoded.bytes(),
        actors);
  }
}
