/**
 * The SQLite implementation: the storage, its connections, SQL and error translation. <b>Not
 * public API</b>: used only inside this module (the benchmarks read {@code TraceSql}'s statements
 * to ask SQLite for their plans); anything here may change without notice.
 */
package dev.reflow.trace.storage.sqlite.internal;
