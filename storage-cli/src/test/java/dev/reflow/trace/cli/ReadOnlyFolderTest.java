package dev.reflow.trace.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.reflow.trace.json.TraceJson;
import dev.reflow.trace.model.FlowTrace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SQLite database (WAL mode) in a folder this process cannot write: read-only commands read it
 * as an immutable file, write commands fail with one line. The folder is made read-only for real:
 * {@code chmod a-w} for an ordinary user; as root, which writes anywhere, a tmpfs remounted
 * read-only (skipped, saying why, where root cannot mount).
 */
class ReadOnlyFolderTest {
  @TempDir Path dir;
  private Path folder;
  private boolean mounted;

  @AfterEach
  void restore() throws Exception {
    if (mounted) {
      SystemCommands.run("umount", folder.toString());
    } else if (folder != null && Files.isDirectory(folder)) {
      Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
    }
  }


  private static boolean root() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** The folder to hold the database: a tmpfs when root (so that it can be made read-only). */
  private Path writableFolder() throws Exception {
    folder = Files.createDirectory(dir.resolve("shared"));
    if (root()) {
      String reason = SystemCommands.run("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", folder.toString());
      if (reason != null) {
        System.out.println("ReadOnlyFolderTest skipped: root writes to any folder and a read-only tmpfs cannot be "
            + "mounted here (" + reason + ")");
      }
      assumeTrue(reason == null, "cannot mount a tmpfs as root: " + reason);
      mounted = true;
    }
    return folder;
  }

  private void makeReadOnly() throws Exception {
    if (mounted) {
      assertThat(SystemCommands.run("mount", "-o", "remount,ro", folder.toString())).isNull();
    } else {
      Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-x------"));
    }
    assertThat(Files.isWritable(folder)).as("the folder is read-only now").isFalse();
  }

  @Test
  @DisplayName("stats, query, get, export and verify read a WAL database in a read-only folder; writes fail in one line")
  void readOnlyFolder_readsWork_writesFailInOneLine() throws Exception {
    Path db = writableFolder().resolve("traces.db");
    String path = "storage.sqlite.database_path=" + db;
    List<FlowTrace> traces = Traces.some(3);
    Path input = dir.resolve("t.ndjson");
    StringBuilder lines = new StringBuilder();
    traces.forEach(t -> lines.append(TraceJson.write(t)).append('\n'));
    Files.writeString(input, lines);
    Cli.Result imported = Cli.real().run("-D", path, "import", input.toString());
    assertThat(imported.status()).as(imported.toString()).isZero();
    assertThat(Files.readAllBytes(db)).as("a WAL-mode file (header bytes 18 and 19 are 2)")
        .satisfies(b -> assertThat(new byte[] {b[18], b[19]}).containsExactly(2, 2));
    makeReadOnly();

    Cli.Result stats = Cli.real().run("-D", path, "stats");
    assertThat(stats.status()).as(stats.toString()).isZero();
    assertThat(stats.out()).containsPattern("traces\\s+3\n");
    Cli.Result query = Cli.real().run("-D", path, "query", "--json");
    assertThat(query.status()).as(query.toString()).isZero();
    assertThat(query.out().lines()).hasSize(3);
    FlowTrace one = traces.get(1);
    Cli.Result get = Cli.real().run("-D", path, "get", one.traceId().toString());
    assertThat(get.status()).as(get.toString()).isZero();
    assertThat(TraceJson.read(get.out())).as("the trace get printed").isEqualTo(one);
    Cli.Result export = Cli.real().run("-D", path, "export", "--output", dir.resolve("all.ndjson").toString());
    assertThat(export.status()).as(export.toString()).isZero();
    assertThat(Files.readAllLines(dir.resolve("all.ndjson"))).hasSize(3);
    Cli.Result verify = Cli.real().run("-D", path, "verify", one.traceId().toString());
    assertThat(verify.status()).as(verify.toString()).isZero();
    try (var files = Files.list(folder)) {
      assertThat(files.map(p -> p.getFileName().toString())).as("nothing created beside the database")
          .containsExactly("traces.db");
    }

    for (String[] write : new String[][] {{"import", input.toString()}, {"prune", "--older-than", "1d"},
        {"delete", one.traceId().toString()}}) {
      String[] args = new String[write.length + 2];
      args[0] = "-D";
      args[1] = path;
      System.arraycopy(write, 0, args, 2, write.length);
      Cli.Result r = Cli.real().run(args);
      assertThat(r.status()).as(r.toString()).isNotZero();
      assertThat(r.err().lines()).as(r.toString()).hasSize(1);
      assertThat(r.err()).as(r.toString()).contains("Could not open SQLite database " + db + " for writing: its folder "
          + folder + " is not writable");
    }
  }
}
