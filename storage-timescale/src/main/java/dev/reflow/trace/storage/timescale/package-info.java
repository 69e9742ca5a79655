/**
 * The TimescaleDB trace storage backend, provider names {@code timescale} and {@code timescaledb}:
 * the PostgreSQL backend with the traces table as a hypertable on {@code start_time}. Configured
 * under {@code [storage.timescale]}, or Reflow's {@code [storage.postgres]} when that section is
 * absent; see {@code docs/storage/timescaledb.md}. Public here: the provider and its settings
 * ({@link dev.reflow.trace.storage.timescale.TimescaleSettings}).
 */
package dev.reflow.trace.storage.timescale;
