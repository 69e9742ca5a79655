package dev.reflow.trace.storage.sqlite;

import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.tck.TraceStorageTck;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

/** The whole TCK against the SQLite backend, with a new database file for every test. */
@DisplayName("SQLite backend passes the trace storage TCK")
class SqliteStorageTest extends TraceStorageTck {
  @TempDir static Path dir;
  private static final AtomicInteger FILES = new AtomicInteger();

  /** The file of the test's own storage (the Discovery group opens more). */
  private String storageFile;

  @Override
  protected TraceStorage createStorage() {
    StorageConfig config = storageConfig();
    storageFile = config.get("storage.sqlite.database_path").orElseThrow();
    return new SqliteStorageProvider().create(config);
  }

  /** A trigger in the storage's file aborts the insert of this id. */
  @Override
  protected boolean refuseInDatabase(TraceId traceId) {
    try (Handle h = Jdbi.open("jdbc:sqlite:" + storageFile)) {
      h.execute("CREATE TRIGGER tck_refuse BEFORE INSERT ON traces WHEN NEW.trace_id = '" + traceId
          + "' BEGIN SELECT RAISE(ABORT, 'refused by the TCK'); END");
    }
    return true;
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
