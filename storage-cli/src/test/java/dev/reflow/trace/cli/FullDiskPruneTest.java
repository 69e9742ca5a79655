package dev.reflow.trace.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.TraceStorages;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code prune} on a really full disk: a small tmpfs holding a SQLite database and a file that
 * takes the rest of its space. Mounting needs root (or CAP_SYS_ADMIN); elsewhere the test skips
 * and says why (SqliteRetentionTest covers the batching without a mount).
 */
class FullDiskPruneTest {
  private static final int TRACES = 2_000;

  @TempDir Path dir;
  private Path disk;
  private boolean mounted;

  @BeforeEach
  void mountTmpfs() throws Exception {
    disk = Files.createDirectory(dir.resolve("disk"));
    String reason = SystemCommands.run("mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs", disk.toString());
    if (reason != null) {
      System.out.println("FullDiskPruneTest skipped: cannot mount a small tmpfs to fill (" + reason
          + "); run as root to exercise prune on a full disk");
    }
    assumeTrue(reason == null, "cannot mount a tmpfs: " + reason);
    mounted = true;
  }

  @AfterEach
  void unmount() throws Exception {
    if (mounted) {
      SystemCommands.run("umount", disk.toString());
    }
  }


  /** How many of the test traces started more than an hour before the CLI's clock. */
  private static final long OLDER_THAN_1H =
      Traces.some(TRACES).stream().filter(t -> t.startTime().toInstant().isBefore(Cli.NOW.minusSeconds(3600))).count();

  @TempDir static Path templateDir;
  private static Path template;

  /** The database, built once per class (outside the tmpfs) and copied onto the disk by each test. */
  private Path database() throws IOException {
    if (template == null) {
      Path db = templateDir.resolve("traces.db");
      StorageConfig config = StorageConfig.fromMap(Map.of(StorageConfig.BACKEND, "sqlite",
          "storage.sqlite.database_path", db.toString()));
      try (TraceStorage s = TraceStorages.open(config)) {
        List<FlowTrace> traces = Traces.some(TRACES);
        for (int i = 0; i < TRACES; i += 500) {
          s.storeAll(traces.subList(i, i + 500));
        }
      }
      template = db;
    }
    return Files.copy(template, disk.resolve("traces.db"));
  }

  /** Writes a file until the disk is full, then frees {@code spare} bytes of it. */
  private void fillDisk(long spare) throws IOException {
    Path filler = disk.resolve("filler");
    byte[] chunk = new byte[4096];
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (true) {
        out.write(chunk);
        out.flush();
      }
    } catch (IOException full) {
      // No space left on device: the point.
    }
    if (spare > 0) {
      try (var channel = java.nio.channels.FileChannel.open(filler, java.nio.file.StandardOpenOption.WRITE)) {
        channel.truncate(Math.max(0, channel.size() - spare));
      }
    }
  }

  private static long count(Path db) {
    try (Handle h = Jdbi.open("jdbc:sqlite:" + db)) {
      assertThat(h.createQuery("PRAGMA integrity_check").mapTo(String.class).one()).isEqualTo("ok");
      assertThat(h.createQuery("PRAGMA foreign_key_check").mapToMap().list()).isEmpty();
      long orphans = h.createQuery("SELECT count(*) FROM trace_actors a WHERE NOT EXISTS "
          + "(SELECT 1 FROM traces t WHERE t.trace_id = a.trace_id)").mapTo(Long.class).one();
      assertThat(orphans).as("actor rows without their trace").isZero();
      return h.createQuery("SELECT count(*) FROM traces").mapTo(Long.class).one();
    }
  }

  @Test
  @DisplayName("prune on a disk with 1.5 MB left deletes an 11 MB database's traces in small transactions")
  void prune_nearlyFullDisk_succeeds() throws Exception {
    Path db = database();
    // One transaction needs more than that (measured: it fails with SQLITE_FULL); batches of 100 need about 1 MB.
    fillDisk(1_500_000);
    Cli.Result r = Cli.real().run("-D", "storage.sqlite.database_path=" + db, "prune", "--older-than", "1h");
    assertThat(r.status()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("deleted " + String.format("%,d", OLDER_THAN_1H)
        + " traces that started before 2026-03-15T11:00:00Z");
    assertThat(count(db)).isEqualTo(TRACES - OLDER_THAN_1H);
  }

  @Test
  @DisplayName("prune on a full disk fails with one line naming the full disk, and the file stays consistent")
  void prune_fullDisk_oneLineAndConsistent() throws Exception {
    Path db = database();
    String path = "storage.sqlite.database_path=" + db;
    // Not a byte left: opening cannot even create the WAL's shared-memory file.
    fillDisk(0);
    Cli.Result r = Cli.real().run("-D", path, "prune", "--older-than", "1h");
    assertThat(r.status()).as(r.toString()).isEqualTo(1);
    assertThat(r.err().lines()).as(r.toString()).hasSize(1);
    assertThat(r.err()).as(r.toString()).startsWith("reflow-trace prune: Could not open SQLite database " + db
        + ": could not create or grow the WAL's shared-memory file " + db + "-shm (").contains("The disk is probably full");
    Files.delete(disk.resolve("filler"));
    assertThat(count(db)).isEqualTo(TRACES);

    // 150 KB left: the database opens, and the first transaction (about 1 MB of WAL) fails whole.
    fillDisk(150_000);
    r = Cli.real().run("-D", path, "prune", "--older-than", "1h");
    assertThat(r.status()).as(r.toString()).isEqualTo(1);
    assertThat(r.err().lines()).as(r.toString()).hasSize(1);
    assertThat(r.err()).as(r.toString()).startsWith("reflow-trace prune: Could not delete traces older than "
        + "2026-03-15T11:00:00Z (" + db + "): the disk is full (").endsWith("Nothing of the failed transaction was written.\n");
    Files.delete(disk.resolve("filler"));
    assertThat(count(db)).isEqualTo(TRACES);

    // With space again, the same command finishes the job.
    r = Cli.real().run("-D", path, "prune", "--older-than", "1h");
    assertThat(r.status()).as(r.toString()).isZero();
    assertThat(count(db)).isEqualTo(TRACES - OLDER_THAN_1H);
  }
}
