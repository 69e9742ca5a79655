/**
 * Internals of the Reflow JSON codec (number formatting, the streaming reader and the byte
 * writer). Not public API: may change without notice; use {@link dev.reflow.trace.json.TraceJson}.
 */
package dev.reflow.trace.json.internal;
