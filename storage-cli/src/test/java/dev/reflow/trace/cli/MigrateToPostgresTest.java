package dev.reflow.trace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code migrate} from SQLite into a real (embedded) PostgreSQL, as docs/cli.md shows it. */
class MigrateToPostgresTest {
  /** A password that appears nowhere else, so finding it in the output means a leak. */
  private static final String PASSWORD = "Mg7-pw-never-printed";
  private static EmbeddedPostgres postgres;

  @TempDir
  Path dir;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
      st.execute("CREATE ROLE migrator LOGIN PASSWORD '" + PASSWORD + "'");
      st.execute("CREATE DATABASE traces OWNER migrator");
    }
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (postgres != null) {
      postgres.close();
    }
  }

  private static String url() {
    return "postgresql://migrator:" + PASSWORD + "@localhost:" + postgres.getPort() + "/traces";
  }

  @Test
  @DisplayName("SQLite → PostgreSQL: every trace arrives byte-identical, checksums verified, a rerun writes nothing, no password printed")
  void sqliteToPostgres() throws Exception {
    String sqlite = "-Dstorage.sqlite.database_path=" + dir.resolve("traces.db");
    Cli.Result demo = Cli.real().run("demo", sqlite, "--traces", "400", "--seed", "3");
    assertThat(demo.status()).as(demo.toString()).isZero();
    List<String> to = List.of("--to", "storage.backend=postgres", "--to", "storage.postgres.connection_url=" + url(),
        "--to", "storage.postgres.schema=moved");

    Cli.Result r = Cli.real().run(args(List.of("migrate", sqlite, "--batch", "100", "--verbose"), to));
    assertThat(r.status()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("migrated 400 traces to postgres: 400 written, 0 already there, in ")
        .contains("verified 400 traces (SHA-256 of each trace's JSON)");
    assertThat(r.out() + r.err()).doesNotContain(PASSWORD);

    Cli.Result fromSqlite = Cli.real().run("export", sqlite);
    Cli.Result fromPostgres = Cli.real().run("export", "-Dstorage.backend=postgres",
        "-Dstorage.postgres.connection_url=" + url(), "-Dstorage.postgres.schema=moved");
    assertThat(fromPostgres.status()).as(fromPostgres.toString()).isZero();
    assertThat(fromPostgres.stdoutBytes()).hasSize(fromSqlite.stdoutBytes().length).isEqualTo(fromSqlite.stdoutBytes());
    assertThat(fromPostgres.err()).startsWith("exported 400 traces").doesNotContain(PASSWORD);

    Cli.Result again = Cli.real().run(args(List.of("migrate", sqlite, "--verify", "count"), to));
    assertThat(again.status()).as(again.toString()).isZero();
    assertThat(again.out()).startsWith("migrated 400 traces to postgres: 0 written, 400 already there")
        .contains("verified 400 traces (count)").doesNotContain(PASSWORD);
  }

  @Test
  @DisplayName("A destination the server refuses fails with a clear message that does not print the password")
  void refusedDestination_failsWithoutPrintingPassword() {
    String sqlite = "-Dstorage.sqlite.database_path=" + dir.resolve("traces.db");
    assertThat(Cli.real().run("demo", sqlite, "--traces", "5").status()).isZero();
    // (The embedded server trusts local connections, so a wrong password would be accepted: a
    // missing database is the refusal it gives.)
    Cli.Result r = Cli.real().run("migrate", sqlite, "--verbose", "--to", "storage.backend=postgres", "--to",
        "storage.postgres.connection_url=postgresql://migrator:" + PASSWORD + "@localhost:" + postgres.getPort() + "/no_such_db");
    assertThat(r.status()).as(r.toString()).isNotZero();
    assertThat(r.out() + r.err()).doesNotContain(PASSWORD).contains("no_such_db");
  }

  private static String[] args(List<String> a, List<String> b) {
    java.util.ArrayList<String> all = new java.util.ArrayList<>(a);
    all.addAll(b);
    return all.toArray(String[]::new);
  }
}
