/**
 * The PostgreSQL trace storage backend, provider name {@code postgres}. Applications select it
 * with {@code storage.backend = "postgres"} and configure it under {@code [storage.postgres]}; see
 * {@code docs/storage/postgres.md}. Public here: the provider, its settings
 * ({@link dev.reflow.trace.storage.postgres.PostgresSettings}) and the extension point for backends
 * derived from PostgreSQL ({@link dev.reflow.trace.storage.postgres.PostgresTableLayout}).
 */
package dev.reflow.trace.storage.postgres;
