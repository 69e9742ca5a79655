package dev.reflow.trace.storage.sqlite;

import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.tck.TraceStorageTck;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

/** The whole TCK against the SQLite backend, with a new database file for every test. */
@DisplayName("SQLite backend passes the trace storage TCK")
class SqliteStorageTest extends TraceStorageTck {
  @TempDir static Path dir;
  private static final AtomicInteger FILES = new AtomicInteger();

  @Override
  protected TraceStorage createStorage() {
    return new SqliteStorageProvider().create(storageConfig());
  }

  @Override
  protected String providerName() {
    return "sqlite";
  }

  /** A config naming a file no earlier test used, so that each storage starts empty. */
  @Override
  protected StorageConfig storageConfig() {
    Path file = dir.resolve("tck-" + FILES.incrementAndGet() + ".db");
    return StorageConfig.fromMap(Map.of(
        StorageConfig.BACKEND, "sqlite",
        "storage.sqlite.database_path", file.toString()));
  }
}
