/**
 * The PostgreSQL implementation, shared with {@code storage-timescale}, which extends it. <b>Not
 * public API</b>: public only so that the TimescaleDB module can reuse it; anything here may change
 * without notice and applications must not use it.
 */
package dev.reflow.trace.storage.postgres.internal;
