/**
 * Reflow's WebSocket tracing protocol: {@link dev.reflow.trace.collector.protocol.Request}s read by
 * {@link dev.reflow.trace.collector.protocol.RequestDecoder} and
 * {@link dev.reflow.trace.collector.protocol.Reply}s written as serde_json writes them. The trace
 * types inside go through the project's codec ({@code dev.reflow.trace.json.TraceJson}).
 */
package dev.reflow.trace.collector.protocol;
