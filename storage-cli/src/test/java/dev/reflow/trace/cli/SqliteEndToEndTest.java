package dev.reflow.trace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** import → query → get → delete on a real SQLite file: in-process, then in a child JVM. */
class SqliteEndToEndTest {
  private static final String COMPLETED_ID = "36404882-85bd-4206-817e-b217fb4f7500";
  private static final String MINIMAL_ID = "f7e619b9-3d9b-425f-8b88-dd19e7410588";

  @TempDir
  Path dir;

  private Path fixture(String name) throws Exception {
    Path p = dir.resolve(name);
    if (!Files.exists(p)) {
      Files.write(p, Fixtures.bytes(name));
    }
    return p;
  }

  @Test
  @DisplayName("in-process: fixtures imported, listed, read back byte for byte, deleted")
  void inProcess_importQueryGetDelete() throws Exception {
    String db = "-Dstorage.sqlite.database_path=" + dir.resolve("sub/dir/t.db");
    Cli cli = Cli.real();
    Cli.Result imported = cli.run("import", db, fixture(Fixtures.COMPLETED).toString(), fixture(Fixtures.MINIMAL).toString());
    assertThat(imported.status()).as(imported.toString()).isZero();
    assertThat(imported.out()).startsWith("imported 2 traces (6 events) in ");
    assertThat(dir.resolve("sub/dir/t.db")).isRegularFile();

    Cli.Result table = cli.run("query", db);
    assertThat(table.status()).as(table.toString()).isZero();
    assertThat(table.out()).isEqualTo(
        "TRACE ID                              FLOW                   STATUS     START (UTC)              DURATION  EVENTS\n"
            + MINIMAL_ID + "  hello_world            Running    2026-03-14 11:00:00.000         -       0\n"
            + COMPLETED_ID + "  order_ingest_pipeline  Completed  2026-03-14 09:26:53.589   530.6ms       6\n"
            + "2 traces\n");

    Cli.Result json = cli.run("query", db, "--json");
    assertThat(new String(json.stdoutBytes(), StandardCharsets.UTF_8)).isEqualTo(
        new String(Fixtures.bytes(Fixtures.MINIMAL), StandardCharsets.UTF_8) + "\n"
            + new String(Fixtures.bytes(Fixtures.COMPLETED), StandardCharsets.UTF_8) + "\n");

    for (String[] f : new String[][] {{COMPLETED_ID, Fixtures.COMPLETED}, {MINIMAL_ID, Fixtures.MINIMAL}}) {
      Cli.Result got = cli.run("get", db, f[0]);
      assertThat(got.status()).as(got.toString()).isZero();
      assertThat(got.stdoutBytes()).as("get %s is byte-identical to %s", f[0], f[1]).isEqualTo(Fixtures.bytes(f[1]));
    }

    Cli.Result filtered = cli.run("query", db, "--flow", "hello_world", "--status", "running", "--since", "2026-03-14T10:00:00Z");
    assertThat(filtered.out()).contains(MINIMAL_ID).doesNotContain(COMPLETED_ID);
    Cli.Result byActor = cli.run("query", db, "--actor", "transform");
    assertThat(byActor.out()).contains(COMPLETED_ID).doesNotContain(MINIMAL_ID);

    assertThat(cli.run("delete", db, COMPLETED_ID).status()).isZero();
    assertThat(cli.run("get", db, COMPLETED_ID).status()).isEqualTo(1);
    assertThat(cli.run("delete", db, COMPLETED_ID).status()).isEqualTo(1);
    Cli.Result stats = cli.run("stats", db, "--json");
    assertThat(stats.out()).startsWith("{\"backend\":\"sqlite\",\"total_traces\":1,\"total_events\":0,");
  }

  @Test
  @DisplayName("child JVM: exit statuses, FILE:LINE errors, byte-identical get, default database in the working directory")
  void childProcess_importQueryGetDelete() throws Exception {
    String completed = fixture(Fixtures.COMPLETED).getFileName().toString();
    String broken = "{\"trace_id\":\"not-a-uuid\"}\n";
    Files.writeString(dir.resolve("broken.ndjson"), new String(Fixtures.bytes(Fixtures.MINIMAL), StandardCharsets.UTF_8)
        + "\n" + broken);

    JavaProcess.Result imported = JavaProcess.main(dir, null, "import", completed, "broken.ndjson");
    assertThat(imported.status()).as(imported.toString()).isEqualTo(1);
    assertThat(imported.stdout()).startsWith("imported 2 traces (6 events) in ");
    assertThat(imported.stderr()).startsWith("broken.ndjson:2: ").contains("skipped 1 malformed trace");
    assertThat(dir.resolve("reflow-traces.db")).as("default database path").isRegularFile();

    JavaProcess.Result query = JavaProcess.main(dir, null, "query", "--status", "completed");
    assertThat(query.status()).as(query.toString()).isZero();
    assertThat(query.stdout()).contains(COMPLETED_ID).doesNotContain(MINIMAL_ID);

    JavaProcess.Result got = JavaProcess.main(dir, null, "get", COMPLETED_ID);
    assertThat(got.status()).as(got.toString()).isZero();
    assertThat(got.stdoutBytes()).isEqualTo(Fixtures.bytes(Fixtures.COMPLETED));

    JavaProcess.Result fromStdin = JavaProcess.main(dir, Fixtures.bytes(Fixtures.MINIMAL), "import", "-");
    assertThat(fromStdin.status()).as(fromStdin.toString()).isZero();

    assertThat(JavaProcess.main(dir, null, "delete", COMPLETED_ID).status()).isZero();
    JavaProcess.Result gone = JavaProcess.main(dir, null, "get", COMPLETED_ID);
    assertThat(gone.status()).isEqualTo(1);
    assertThat(gone.stderr()).isEqualTo("reflow-trace get: no trace " + COMPLETED_ID + " in sqlite\n");
    JavaProcess.Result invalid = JavaProcess.main(dir, null, "get", "xyz");
    assertThat(invalid.status()).isEqualTo(2);
    assertThat(invalid.stderr().lines()).hasSize(1);
    JavaProcess.Result badBackend = JavaProcess.main(dir, null, "-D", "storage.backend=nosuch", "stats");
    assertThat(badBackend.status()).as(badBackend.toString()).isEqualTo(2);
    assertThat(badBackend.stderr()).startsWith("reflow-trace stats: Unrecognized value for storage.backend: \"nosuch\"")
        .doesNotContain("\tat ");
  }
}
