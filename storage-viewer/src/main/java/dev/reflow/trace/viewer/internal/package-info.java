/**
 * The viewer's implementation: the Netty handler, the API routes and their parameter checks, the
 * JSON it answers, the web assets and the metrics. Not public API: used only inside
 * storage-viewer, and free to change; use {@link dev.reflow.trace.viewer.Viewer}.
 */
package dev.reflow.trace.viewer.internal;
