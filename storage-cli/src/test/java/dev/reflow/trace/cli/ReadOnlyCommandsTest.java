package dev.reflow.trace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflow.trace.json.TraceJson;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** stats, query, get and verify open a SQLite file read-only: they never create or change it. */
class ReadOnlyCommandsTest {
  @TempDir
  Path dir;

  @Test
  @DisplayName("a read-only command on a mistyped SQLite path says the file does not exist and creates nothing")
  void mistypedPath_notCreated() {
    Path typo = dir.resolve("no/such/folder/trace.db");
    for (String[] command : new String[][] {{"stats"}, {"query"}, {"get", "36404882-85bd-4206-817e-b217fb4f7500"}}) {
      String[] args = new String[command.length + 2];
      args[0] = "-D";
      args[1] = "storage.sqlite.database_path=" + typo;
      System.arraycopy(command, 0, args, 2, command.length);
      Cli.Result r = Cli.real().run(args);
      assertThat(r.status()).as(r.toString()).isEqualTo(2);
      assertThat(r.err()).as(r.toString()).contains(typo + ": the file does not exist (a read-only command never creates it)");
      assertThat(r.err().lines()).hasSize(1);
    }
    assertThat(dir.resolve("no")).as("no folder created").doesNotExist();
  }

  @Test
  @DisplayName("read-only commands read an existing database; import still creates one")
  void existingDatabase_read() throws Exception {
    Path db = dir.resolve("traces.db");
    Path file = dir.resolve("t.ndjson");
    Files.writeString(file, TraceJson.write(Traces.some(1).get(0)) + "\n");
    String path = "storage.sqlite.database_path=" + db;
    assertThat(Cli.real().run("-D", path, "import", file.toString()).status()).isZero();
    Cli.Result stats = Cli.real().run("-D", path, "stats");
    assertThat(stats.status()).as(stats.toString()).isZero();
    assertThat(stats.out()).containsPattern("traces\\s+1\n");
    Cli.Result query = Cli.real().run("-D", path, "query", "--json");
    assertThat(query.out().lines()).hasSize(1);
  }
}
