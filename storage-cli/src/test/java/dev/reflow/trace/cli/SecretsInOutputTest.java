package dev.reflow.trace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials never reach stderr, in-process: picocli's own warnings, the {@code configuration:}
 * line of {@code --verbose}, user names that carry a password, and {@code @file} arguments. The
 * matrix over real processes and servers is {@link FailingCommandsMatrixTest}.
 */
class SecretsInOutputTest {
  @TempDir
  Path dir;

  /** Runs with System.err captured too: picocli's tracer and loggers write there, not to the context. */
  private static Cli.Result runCapturingSystemErr(Cli cli, StringBuilder systemErr, String... args) {
    PrintStream original = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      return cli.run(args);
    } finally {
      System.setErr(original);
      systemErr.append(buf.toString(StandardCharsets.UTF_8));
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  @DisplayName("a quote in a -D value makes picocli print no warning echoing the value")
  void quoteInDefine_noPicocliWarning() {
    StringBuilder systemErr = new StringBuilder();
    Cli.Result r = runCapturingSystemErr(new KeptMemoryStorage().cli(), systemErr,
        "-D", "storage.postgres.password=Quo\"tedSecret1", "stats");
    assertThat(r.status()).as(r.toString()).isZero();
    assertThat(systemErr.toString() + r.err()).doesNotContain("Quo").doesNotContain("picocli WARN");
  }

  @Test
  @DisplayName("--verbose prints the configuration without a password that holds spaces")
  void verbose_configurationLine_passwordWithSpaceMasked() throws Exception {
    int port = freePort();
    StringBuilder systemErr = new StringBuilder();
    Cli.Result r = runCapturingSystemErr(Cli.real(), systemErr, "--verbose",
        "-D", "storage.backend=postgres",
        "-D", "storage.postgres.connection_url=postgresql://app:pass word Secret9@127.0.0.1:" + port + "/db",
        "-D", "storage.postgres.acquire_timeout_secs=1", "stats");
    assertThat(r.status()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).contains("configuration: StorageConfig{").contains("postgresql://app:****@127.0.0.1:" + port);
    assertThat(r.err() + systemErr).doesNotContain("Secret9").doesNotContain("pass word");
  }

  @Test
  @DisplayName("a user name holding password= (';' is no separator) is refused before any connection")
  void userHoldingPassword_refused() {
    StringBuilder systemErr = new StringBuilder();
    Cli.Result r = runCapturingSystemErr(Cli.real(), systemErr, "--verbose",
        "-D", "storage.backend=postgres",
        "-D", "storage.postgres.connection_url=jdbc:postgresql://127.0.0.1:1/db?user=reflow;password=S3cretPW",
        "stats");
    assertThat(r.status()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("The user name contains a password setting: separate URL parameters with '&', not ';'");
    assertThat(r.err() + systemErr).doesNotContain("S3cretPW");
  }

  @Test
  @DisplayName("a password with an unescaped / is refused with advice, and the driver never logs it")
  void passwordWithSlash_refusedWithoutEcho() {
    StringBuilder systemErr = new StringBuilder();
    Cli.Result r = runCapturingSystemErr(Cli.real(), systemErr, "--verbose",
        "-D", "storage.backend=postgres",
        "-D", "storage.postgres.connection_url=postgresql://app:s3cr3t/x@127.0.0.1:1/db", "stats");
    assertThat(r.status()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("Percent-encode them (%2F, %3F, %23)");
    assertThat(r.err() + systemErr).doesNotContain("s3cr3t");
  }

  @Test
  @DisplayName("@file arguments are taken literally: no file contents in errors, a flow named @x can be queried")
  void atFiles_notExpanded() throws Exception {
    Path file = dir.resolve("x");
    Files.writeString(file, "FIRST-LINE-OF-A-PRIVATE-FILE\n");
    Cli.Result get = new KeptMemoryStorage().cli().run("get", "@" + file);
    assertThat(get.status()).as(get.toString()).isEqualTo(2);
    assertThat(get.err()).contains("@" + file).doesNotContain("FIRST-LINE");

    KeptMemoryStorage storage = new KeptMemoryStorage();
    storage.memory.store(Traces.withFlow(Traces.some(1).get(0), "@" + file));
    Cli.Result query = storage.cli().run("query", "--flow", "@" + file);
    assertThat(query.status()).as(query.toString()).isZero();
    assertThat(query.out()).contains("@" + file).contains("1 trace");
  }
}
