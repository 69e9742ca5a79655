package dev.reflow.trace.storage.sqlite.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.StorageConnectionException;
import dev.reflow.trace.storage.TraceQuery;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.sqlite.SqliteStorageProvider;
import dev.reflow.trace.storage.tck.TestTraces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the backend does when the database's folder is not writable, with that decision taken by
 * the test (root writes anywhere; the command line's ReadOnlyFolderTest makes a folder read-only
 * for real). The immutable read itself is real: SQLite reads the file without -shm or -wal.
 */
class NotWritableFolderTest {
  @TempDir Path dir;
  private final Predicate<Path> realCheck = SqliteConnections.folderWritable;

  @AfterEach
  void restore() {
    SqliteConnections.folderWritable = realCheck;
  }

  private TraceStorage open(Path db, boolean readOnly) {
    Map<String, Object> keys = new HashMap<>();
    keys.put("storage.sqlite.database_path", db.toString());
    keys.put("storage.sqlite.read_only", readOnly);
    return new SqliteStorageProvider().create(StorageConfig.fromMap(keys));
  }

  @Test
  @DisplayName("Read-only in a folder that is not writable: read as immutable, nothing created beside it")
  void readOnly_notWritableFolder_readsImmutable() throws Exception {
    Path db = dir.resolve("traces.db");
    FlowTrace stored = TestTraces.trace(1).build();
    try (TraceStorage s = open(db, false)) {
      s.store(stored);
    }
    assertThat(dir.resolve("traces.db-wal")).as("the WAL is folded in at close").doesNotExist();
    SqliteConnections.folderWritable = folder -> !folder.equals(dir);

    try (TraceStorage s = open(db, true)) {
      assertThat(s.get(stored.traceId())).contains(stored);
      assertThat(s.query(TraceQuery.all())).containsExactly(stored);
      assertThat(s.stats().details()).containsEntry("opened",
          "read-only as an immutable file (its folder is not writable)");
      try (var files = Files.list(dir)) {
        assertThat(files.map(p -> p.getFileName().toString())).containsExactly("traces.db");
      }
    }
    assertThatThrownBy(() -> open(db, false))
        .isInstanceOf(StorageConnectionException.class)
        .hasMessage("Could not open SQLite database " + db + " for writing: its folder " + dir + " is not writable, "
            + "and SQLite keeps its journal (the -wal and -shm files, or a -journal) beside the database. Read-only "
            + "commands (query, get, stats, export, verify) still read it.");
  }

  @Test
  @DisplayName("Read-only in a folder that is not writable, with commits still in the -wal: refused, not read stale")
  void readOnly_notWritableFolderWithWal_refused() throws Exception {
    Path db = dir.resolve("traces.db");
    try (TraceStorage s = open(db, false)) {
      s.store(TestTraces.trace(1).build());
    }
    Files.write(dir.resolve("traces.db-wal"), new byte[] {1, 2, 3});
    SqliteConnections.folderWritable = folder -> !folder.equals(dir);
    assertThatThrownBy(() -> open(db, true))
        .isInstanceOf(StorageConnectionException.class)
        .hasMessageStartingWith("Could not open SQLite database " + db + " read-only: its folder " + dir
            + " is not writable and traces.db-wal holds changes not yet copied into the file");
  }
}
