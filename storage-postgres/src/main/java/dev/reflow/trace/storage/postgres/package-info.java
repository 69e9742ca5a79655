/**
 * The PostgreSQL trace storage backend, provider name {@code postgres}. Applications select it
 * with {@code storage.backend = "postgres"} and configure it under {@code [storage.postgres]}; see
 * {@code docs/storage/postgres.md}.
 */
package dev.reflow.trace.storage.postgres;
