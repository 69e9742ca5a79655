/**
 * The TimescaleDB implementation. <b>Not public API</b>: anything here may change without notice.
 */
package dev.reflow.trace.storage.timescale.internal;
