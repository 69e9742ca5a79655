package dev.reflow.trace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * export, query --all --json and migrate in a child JVM whose heap is smaller than the traces
 * they move: holding them all would fail with OutOfMemoryError, streaming does not.
 */
class SmallHeapTest {
  private static final List<String> SMALL_HEAP = List.of("-Xmx48m");

  @TempDir
  Path dir;

  @Test
  @DisplayName("With -Xmx48m, over 48 MB of traces are exported, printed and migrated, byte for byte")
  void streamingCommands_runInAHeapSmallerThanTheData() throws Exception {
    String source = "-Dstorage.sqlite.database_path=" + dir.resolve("source.db");
    Cli.Result demo = Cli.real().run("demo", source, "--traces", "4000", "--seed", "11");
    assertThat(demo.status()).as(demo.toString()).isZero();
    Cli.Result reference = Cli.real().run("export", source);
    assertThat(reference.stdoutBytes().length).as("the data must exceed the child's heap").isGreaterThan(48 << 20);

    JavaProcess.Result export = JavaProcess.mainWithJvmOptions(dir, SMALL_HEAP, "export", source, "--output", "all.ndjson");
    assertThat(export.status()).as(export.toString()).isZero();
    assertThat(export.stderr()).startsWith("exported 4,000 traces");
    assertThat(Files.readAllBytes(dir.resolve("all.ndjson"))).isEqualTo(reference.stdoutBytes());

    JavaProcess.Result query = JavaProcess.mainWithJvmOptions(dir, SMALL_HEAP, "query", source, "--all", "--json");
    assertThat(query.status()).as(query.stderr()).isZero();
    assertThat(query.stdoutBytes()).isEqualTo(reference.stdoutBytes());

    JavaProcess.Result migrate = JavaProcess.mainWithJvmOptions(dir, SMALL_HEAP, "migrate", source,
        "--to", "storage.backend=sqlite", "--to", "storage.sqlite.database_path=" + dir.resolve("target.db"));
    assertThat(migrate.status()).as(migrate.toString()).isZero();
    assertThat(migrate.stdout()).contains("verified 4,000 traces");
    Cli.Result copied = Cli.real().run("export", "-Dstorage.sqlite.database_path=" + dir.resolve("target.db"));
    assertThat(copied.stdoutBytes()).isEqualTo(reference.stdoutBytes());
  }
}
