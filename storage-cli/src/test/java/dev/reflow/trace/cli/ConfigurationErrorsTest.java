package dev.reflow.trace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Configuration mistakes reach the user as one line and exit 2, decided before any connection is
 * tried: the URL points at a port nothing listens on, so a check left to the database would end
 * in a connection failure (exit 1) instead.
 */
class ConfigurationErrorsTest {
  private static final String NOWHERE = "postgresql://reflow@127.0.0.1:1/traces";

  private static Cli.Result run(String... args) {
    return Cli.real().run(args);
  }

  @Test
  @DisplayName("timescale without any URL asks for storage.timescale.connection_url and mentions the postgres fallback")
  void timescale_missingUrl_namesTimescaleKey() {
    Cli.Result r = run("stats", "-D", "storage.backend=timescale");
    assertThat(r.status()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).startsWith("reflow-trace stats: Missing required configuration key storage.timescale.connection_url "
        + "(environment variable STORAGE_TIMESCALE_CONNECTION_URL)")
        .contains("storage.postgres.connection_url");
  }

  @Test
  @DisplayName("a [storage.timescaledb] table is read as the timescale backend's settings, not ignored")
  void timescaledb_table_isRead(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("reflow_tracing.toml");
    Files.writeString(file, "[storage]\nbackend = \"timescaledb\"\n\n[storage.timescaledb]\nconnection_url = \""
        + NOWHERE + "\"\nchunk_time_interval = \"0s\"\n");
    Cli.Result r = run("stats", "--config", file.toString());
    assertThat(r.status()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).startsWith("reflow-trace stats: Invalid value for storage.timescaledb.chunk_time_interval=0s.");
  }

  @Test
  @DisplayName("a chunk interval of 1000000000d is refused at validation (exit 2), before the database sees it")
  void timescale_hugeChunkInterval_exit2() {
    Cli.Result r = run("stats", "-D", "storage.backend=timescale", "-D", "storage.timescale.connection_url=" + NOWHERE,
        "-D", "storage.timescale.chunk_time_interval=1000000000d");
    assertThat(r.status()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("reflow-trace stats: Invalid value for storage.timescale.chunk_time_interval=1000000000d. "
        + "Must be a positive duration of at most 36500d (100 years), such as 1h, 7d or 30d.\n");
  }

  @Test
  @DisplayName("compression_threshold=-7 and an overflowing max_connections are refused naming the allowed range")
  void postgres_outOfRangeIntegers_exit2() {
    Cli.Result threshold = run("stats", "-D", "storage.backend=postgres", "-D", "storage.postgres.connection_url=" + NOWHERE,
        "-D", "storage.postgres.compression_threshold=-7");
    assertThat(threshold.status()).as(threshold.toString()).isEqualTo(2);
    assertThat(threshold.err()).isEqualTo("reflow-trace stats: Invalid value for storage.postgres.compression_threshold=-7. "
        + "Must be an integer between -1 and 2147483647.\n");

    Cli.Result max = run("stats", "-D", "storage.backend=timescale", "-D", "storage.timescale.connection_url=" + NOWHERE,
        "-D", "storage.timescale.max_connections=99999999999");
    assertThat(max.status()).as(max.toString()).isEqualTo(2);
    assertThat(max.err()).isEqualTo("reflow-trace stats: Invalid value for storage.timescale.max_connections=99999999999. "
        + "Must be an integer between 1 and 10000.\n");
  }

  @Test
  @DisplayName("a misspelled top-level key is warned about on stderr, naming the key only")
  void misspelledTopLevelKey_warns(@TempDir Path dir) {
    // The library logs through slf4j, which writes to the process's stderr.
    PrintStream original = System.err;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    Cli.Result r;
    try {
      // prune opens for writing, so it creates the database; the unread value is a plain word no
      // other test prints (the CLI masks the values of keys it does not know, in case they are secrets).
      r = run("prune", "--older-than", "30d", "-D", "storage.backend=sqlite", "-D",
          "storage.sqlite.database_path=" + dir.resolve("t.db"), "-D", "storage.backnd=zebra");
    } finally {
      System.setErr(original);
    }
    assertThat(r.status()).as(r.toString()).isZero();
    assertThat(log.toString(StandardCharsets.UTF_8))
        .contains("Ignoring unknown configuration key storage.backnd (did you mean storage.backend?)")
        .doesNotContain("zebra");
  }
}
