/**
 * The SQLite backend (provider {@code sqlite}), the embedded default: one database file, WAL
 * journal, write-through. See {@code docs/storage/sqlite.md}.
 */
package dev.reflow.trace.storage.sqlite;
