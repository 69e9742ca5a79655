package dev.reflow.trace.collector.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflow.trace.model.ExecutionId;
import dev.reflow.trace.model.Timestamp;
import dev.reflow.trace.model.TraceId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal's files across many preallocation steps (zeros written ahead of the records by a
 * background thread) and compactions: every acknowledged record comes back on reopening, in order.
 * Zeros written over a record, or a record written past durable zeros, would end the replay early.
 */
class FileJournalTest {
  @TempDir
  Path dir;

  private static final TraceId TRACE = TraceId.of(UUID.fromString("6f0c2a1e-8d3b-4c5e-9a7f-1b2c3d4e5f60"));

  @Test
  void everyAcknowledgedEventIsReplayed_acrossPreallocationStepsAndCompactions() throws Exception {
    int events = 40_000; // about 28 MiB of records: several background steps and compactions
    List<JournalRecord> live = new ArrayList<>();
    FileJournal.Opened opened = FileJournal.open(dir, 6L << 20);
    FileJournal journal = opened.journal();
    assertThat(opened.liveState()).isEmpty();
    JournalRecord.Start start = new JournalRecord.Start(TRACE, ExecutionId.of(new UUID(1, 2)),
        Timestamp.ofEpochMicros(1_700_000_000_000_000L), "flow-a", "\"1.0.0\"".getBytes(StandardCharsets.UTF_8), false);
    journal.append(start).join();
    live.add(start);
    int compactions = 0;
    List<CompletableFuture<Void>> pending = new ArrayList<>();
    for (int i = 0; i < events; i++) {
      JournalRecord.Event event = new JournalRecord.Event(TRACE, eventJson(i));
      pending.add(journal.append(event));
      live.add(event);
      if (pending.size() == 500) { // a group of acknowledgements, as a connection's window
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        pending.clear();
        if (journal.wantsCompaction()) {
          journal.compact(List.copyOf(live));
          compactions++;
        }
      }
    }
    CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
    journal.close();
    assertThat(compactions).as("compactions").isGreaterThanOrEqualTo(2);

    FileJournal.Opened reopened = FileJournal.open(dir, 6L << 20);
    try {
      List<JournalRecord> replayed = reopened.liveState();
      assertThat(replayed).hasSize(events + 1);
      assertThat(replayed.get(0)).isInstanceOf(JournalRecord.Start.class);
      for (int i = 0; i < events; i++) {
        JournalRecord r = replayed.get(i + 1);
        assertThat(r).isInstanceOf(JournalRecord.Event.class);
        assertThat(new String(((JournalRecord.Event) r).eventJson(), StandardCharsets.UTF_8))
            .as("event %d", i).isEqualTo(new String(eventJson(i), StandardCharsets.UTF_8));
      }
    } finally {
      reopened.journal().close();
    }
  }

  /** An event of about 700 bytes whose content says which one it is. */
  private static byte[] eventJson(int i) {
    return ("{\"event_id\":\"" + i + "\",\"payload\":\"" + "x".repeat(650) + i + "\"}").getBytes(StandardCharsets.UTF_8);
  }
}
