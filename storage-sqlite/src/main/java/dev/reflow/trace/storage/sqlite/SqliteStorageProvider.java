package dev.reflow.trace.storage.sqlite;

import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.spi.TraceStorageProvider;

/** Provider {@code sqlite}: traces in a local SQLite file, the embedded default. */
public final class SqliteStorageProvider implements TraceStorageProvider {
  @Override
  public String name() {
    return SqliteSettings.SECTION;
  }

  @Override
  public String description() {
    return "SQLite database file (embedded default, WAL, write-through)";
  }

  @Override
  public String artifact() {
    return "dev.reflow.trace:storage-sqlite";
  }

  @Override
  public TraceStorage create(StorageConfig config) {
    return SqliteStorage.open(SqliteSettings.from(config));
  }
}
