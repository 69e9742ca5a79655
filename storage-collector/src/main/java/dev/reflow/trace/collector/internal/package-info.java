/**
 * The collector's implementation: the aggregation engine, the in-flight journal, the storage
 * writer and the Netty WebSocket server. Not public API: used only inside storage-collector, and
 * free to change; use {@link dev.reflow.trace.collector.Collector}.
 */
package dev.reflow.trace.collector.internal;
