/**
 * The PostgreSQL implementation. <b>Not public API</b>: used only inside this module (the
 * benchmarks read {@code PgTraceStorage.queryStatement} to ask PostgreSQL for its plans); anything
 * here may change without notice. Backends derived from PostgreSQL use {@code PostgresTableLayout}
 * and {@code PostgresStorageProvider.open} instead.
 */
package dev.reflow.trace.storage.postgres.internal;
