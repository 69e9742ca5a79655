/**
 * The SQLite backend (provider {@code sqlite}), the embedded default: one database file, WAL
 * journal, write-through. Public here: the provider and its settings
 * ({@link dev.reflow.trace.storage.sqlite.SqliteSettings}). See {@code docs/storage/sqlite.md}.
 */
package dev.reflow.trace.storage.sqlite;
