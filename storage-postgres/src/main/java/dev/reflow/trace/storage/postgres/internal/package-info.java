/**
 * The PostgreSQL implementation. <b>Not public API</b>: used only inside this module; anything here
 * may change without notice. Backends derived from PostgreSQL use {@code PostgresTableLayout} and
 * {@code PostgresStorageProvider.open} instead.
 */
package dev.reflow.trace.storage.postgres.internal;
