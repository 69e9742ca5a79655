package dev.reflow.trace.storage.sqlite;

import static dev.reflow.trace.storage.sqlite.TestTraces.BASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflow.trace.model.ExecutionStatus;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.Timestamp;
import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.TraceWriteException;
import dev.reflow.trace.storage.sqlite.internal.TraceSql;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention deletes in small transactions: a bounded journal, progress kept on failure. */
class SqliteRetentionTest {
  private static final int TRACES = 4_000;

  @TempDir Path dir;

  private static TraceStorage open(Path file) {
    return new SqliteStorageProvider().create(StorageConfig.fromMap(Map.of(
        "storage.sqlite.database_path", file.toString(),
        // every document stored as JSON, so that its size (and the pages a delete touches) is known
        "storage.sqlite.compression_threshold", Integer.MAX_VALUE)));
  }

  /**
   * {@code count} traces a second apart from BASE, about 4 KB each, with two actors, and random
   * (seeded) ids as real traces have: a deleted trace's rows in the id-ordered indexes lie on pages
   * of their own, which is what makes a retention transaction's journal large.
   */
  private static void fill(TraceStorage s, int count, long poisonAt) {
    List<FlowTrace> batch = new ArrayList<>();
    Random random = new Random(42);
    for (int i = 0; i < count; i++) {
      TraceId id = TraceId.of(new UUID(random.nextLong() & ~0xF000L | 0x4000L,
          random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L));
      batch.add(TestTraces.trace(id, i == poisonAt ? "poison" : "flow-" + (i % 7), ExecutionStatus.COMPLETED,
          new Timestamp(BASE.epochSecond() + i, 0), 600, "actor-" + (i % 13), "sink"));
      if (batch.size() == 1_000) {
        s.storeAll(batch);
        batch.clear();
      }
    }
    s.storeAll(batch);
  }

  private static long count(Handle h, String table) {
    return h.createQuery("SELECT count(*) FROM " + table).mapTo(Long.class).one();
  }

  @Test
  @DisplayName("Pruning thousands of traces keeps the WAL about one batch long (one transaction would hold them all)")
  void deleteOlderThan_manyTraces_walStaysOneBatch() throws Exception {
    Path file = dir.resolve("prune.db");
    try (TraceStorage s = open(file)) {
      fill(s, TRACES, -1);
    }
    long databaseBytes = Files.size(file);
    Path wal = dir.resolve("prune.db-wal");
    try (TraceStorage s = open(file)) {
      long deleted = s.deleteOlderThan(new Timestamp(BASE.epochSecond() + TRACES - 100, 0).toInstant());
      assertThat(deleted).isEqualTo(TRACES - 100);
      long walBytes = Files.size(wal);
      System.out.printf("SqliteRetentionTest: database %,d bytes, WAL after pruning %,d traces in batches of %,d: "
          + "%,d bytes%n", databaseBytes, deleted, TraceSql.RETENTION_BATCH_SIZE, walBytes);
      // Measured on this data: one transaction deleting the 3,900 traces grew the WAL to 2.4 MB
      // (growing with the number of traces); batches of 100, each checkpointed, to 0.9 MB.
      assertThat(walBytes).as("WAL size after the prune, database %d bytes", databaseBytes)
          .isLessThan(1_300_000);
    }
    try (Handle h = Jdbi.open("jdbc:sqlite:" + file)) {
      assertThat(h.createQuery("PRAGMA integrity_check").mapTo(String.class).one()).isEqualTo("ok");
      assertThat(h.createQuery("PRAGMA foreign_key_check").mapToMap().list()).isEmpty();
      assertThat(count(h, "traces")).isEqualTo(100);
      assertThat(count(h, "trace_actors")).as("actor rows follow their traces").isEqualTo(200);
    }
  }

  @Test
  @DisplayName("A prune that fails in a later batch keeps the committed batches, says how many, and leaves the rest")
  void deleteOlderThan_failingBatch_keepsCommittedBatchesAndSaysHowMany() {
    Path file = dir.resolve("poison.db");
    try (TraceStorage s = open(file); Handle raw = Jdbi.open("jdbc:sqlite:" + file)) {
      fill(s, 3_000, 2_500);
      // SQLite itself refuses to delete one row of a later batch (oldest first: the 2,501st trace).
      raw.execute("CREATE TRIGGER keep_poison BEFORE DELETE ON traces WHEN OLD.flow_id = 'poison' "
          + "BEGIN SELECT RAISE(ABORT, 'poison row kept by test trigger'); END");
      assertThatThrownBy(() -> s.deleteOlderThan(new Timestamp(BASE.epochSecond() + 3_000, 0).toInstant()))
          .isInstanceOf(TraceWriteException.class)
          .hasMessageContaining("poison row kept by test trigger")
          .hasMessageEndingWith("(2500 traces were deleted before this failure, in committed batches; every other "
              + "trace is unchanged)")
          .hasMessageNotContaining("\n");
      assertThat(count(raw, "traces")).isEqualTo(500);
      assertThat(raw.createQuery("SELECT min(start_time) FROM traces").mapTo(Long.class).one())
          .as("the oldest 2,500 went first").isEqualTo(new Timestamp(BASE.epochSecond() + 2_500, 0).epochMicros());
      assertThat(count(raw, "trace_actors")).isEqualTo(1_000);
      raw.execute("DROP TRIGGER keep_poison");
      assertThat(s.deleteOlderThan(new Timestamp(BASE.epochSecond() + 3_000, 0).toInstant())).isEqualTo(500);
    }
  }
}
