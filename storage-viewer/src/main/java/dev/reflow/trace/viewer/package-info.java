/**
 * The trace viewer: a read-only HTTP API and a web page over a {@code TraceStorage}.
 * {@link dev.reflow.trace.viewer.Viewer#start} serves it on its own port ({@code reflow-trace
 * view}); {@link dev.reflow.trace.viewer.Viewer#routes} mounts it on a collector's port next to
 * the WebSocket endpoint ({@code reflow-trace serve}), where in-flight traces are included. See
 * {@code docs/viewer.md}.
 */
package dev.reflow.trace.viewer;
