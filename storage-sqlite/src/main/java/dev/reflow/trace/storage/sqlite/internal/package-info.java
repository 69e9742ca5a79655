/**
 * Connections, SQL and error translation of the SQLite backend. <b>Not public API</b>: anything
 * here may change without notice; applications must not use it.
 */
package dev.reflow.trace.storage.sqlite.internal;
