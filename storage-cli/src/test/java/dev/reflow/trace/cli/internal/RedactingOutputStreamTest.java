package dev.reflow.trace.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RedactingOutputStreamTest {

  @Test
  @DisplayName("every line is cleaned of registered secrets, even bare, and of recognisable ones")
  void bareSecret_masked() {
    Secrets.reset();
    Secrets.registerConfiguration(Map.of("storage.postgres.connection_url", "postgresql://app:Bare5ecret@db/x"));
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(new RedactingOutputStream(sink), true, StandardCharsets.UTF_8);
    err.print("WARNING: invalid port number: Bare5ecret\nnext line jdbc:postgresql://h/db?password=other\n");
    err.print("progress 50%\r");
    err.flush();
    assertThat(sink.toString(StandardCharsets.UTF_8))
        .isEqualTo("WARNING: invalid port number: ****\nnext line jdbc:postgresql://h/db?password=****\nprogress 50%\r");
  }

  @Test
  @DisplayName("-D arguments are registered before parsing, as one argument or two")
  void arguments_registered() {
    Secrets.reset();
    Secrets.registerArguments("-D", "storage.mongodb.password=ArgSecret1", "-Dstorage.x.connection_url=mongodb://u:ArgSecret2@h");
    assertThat(Secrets.redact("a ArgSecret1 b ArgSecret2")).isEqualTo("a **** b ****");
    assertThat(Secrets.redact("abc")).isEqualTo("abc");
  }
}
