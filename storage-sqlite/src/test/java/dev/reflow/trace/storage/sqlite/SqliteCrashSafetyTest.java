package dev.reflow.trace.storage.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.storage.TraceQuery;
import dev.reflow.trace.storage.TraceStorage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing JVM with SIGKILL ({@code destroyForcibly}) in the middle of its batches and
 * checks the file it leaves: each batch is all there or not there, and every batch the child
 * acknowledged (its {@code storeAll} had returned) is there.
 */
class SqliteCrashSafetyTest {
  private static final int BATCH = 200;

  @TempDir Path dir;

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  @DisplayName("kill -9 during storeAll batches: every batch complete or absent, every acknowledged batch present")
  void killDuringBatches_leavesWholeBatchesOnly() throws Exception {
    Path file = dir.resolve("crash.db");
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    // C1 only and the serial collector: the child is short-lived, start-up time dominates.
    List<String> cmd = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    // --enable-native-access on JDK 22+ (the build's jdk22+ profile passes it in): SQLite's native
    // library loads without a warning on the inherited stderr.
    for (String option : System.getProperty("test.jvm.nativeAccess", "").trim().split("\\s+")) {
      if (!option.isEmpty()) {
        cmd.add(option);
      }
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"),
        CrashWriterMain.class.getName(), file.toString(), String.valueOf(BATCH)));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
    Process child = pb.start();
    long acked = -1;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("ACK ")) {
          acked = Long.parseLong(line.substring(4).trim());
          if (acked >= 3) {
            break;
          }
        }
      }
      assertThat(acked).as("the child acknowledged batches before being killed (exit %s)",
          child.isAlive() ? "still running" : child.exitValue()).isGreaterThanOrEqualTo(3);
      // Land the kill at a random point inside a following batch.
      Thread.sleep(ThreadLocalRandom.current().nextInt(5, 60));
      child.destroyForcibly();
      assertThat(child.waitFor(20, TimeUnit.SECONDS)).as("child died").isTrue();
      // Acknowledgements still in the pipe are lost with it: "acked" can only be too low, which
      // weakens no assertion below.
    } finally {
      child.destroyForcibly();
    }

    try (Handle raw = Jdbi.open("jdbc:sqlite:" + file)) {
      assertThat(raw.createQuery("PRAGMA integrity_check").mapTo(String.class).one()).isEqualTo("ok");
      Map<String, Integer> counts = new java.util.TreeMap<>();
      raw.createQuery("SELECT flow_id, count(*) AS n FROM traces GROUP BY flow_id")
          .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getInt(2))).forEach(e -> counts.put(e.getKey(), e.getValue()));
      counts.forEach((flow, n) -> assertThat(n).as("traces of %s (complete or absent)", flow).isEqualTo(BATCH));
      for (long b = 0; b <= acked; b++) {
        assertThat(counts).as("acknowledged batch %d", b).containsKey(CrashWriterMain.flow(b));
      }
      // Batches commit one after another, so the ones present are exactly 0..k.
      for (long b = 0; b < counts.size(); b++) {
        assertThat(counts).as("batches present are contiguous from 0: batch %d", b).containsKey(CrashWriterMain.flow(b));
      }
      int actorRows = raw.createQuery("SELECT count(*) FROM trace_actors").mapTo(Integer.class).one();
      assertThat(actorRows).as("two distinct actors per stored trace").isEqualTo(counts.size() * BATCH * 2);
    }

    // The file opens normally afterwards and the last acknowledged batch decodes.
    try (TraceStorage reopened = SqliteStorageProvider.open(SqliteSettings.forFile(file.toString()))) {
      List<FlowTrace> last = reopened.query(TraceQuery.builder().flowId(CrashWriterMain.flow(acked)).build());
      assertThat(last).hasSize(BATCH);
      assertThat(last).allSatisfy(t -> assertThat(t.events()).hasSize(2));
    }
  }
}
