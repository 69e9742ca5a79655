package dev.reflow.trace.cli;

import dev.reflow.trace.storage.StorageConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the command line in-process with captured streams, a fixed clock and a chosen storage. */
final class Cli {
  static final Instant NOW = Instant.parse("2026-03-15T12:00:00Z");

  CliContext.StorageOpener opener;
  final List<StorageConfig> opened = new ArrayList<>();
  InputStream stdin = new ByteArrayInputStream(new byte[0]);
  Map<String, String> environment = Map.of();
  Map<String, String> systemProperties = Map.of();
  boolean terminal;

  /** The real discovered backends. */
  static Cli real() {
    Cli cli = new Cli();
    // The environment and system properties this Cli is given, read when a command opens storage.
    cli.opener = config -> Backends.open(config, cli.environment, cli.systemProperties);
    return cli;
  }

  Cli stdin(byte[] bytes) {
    this.stdin = new ByteArrayInputStream(bytes);
    return this;
  }

  Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CliContext.StorageOpener recording = config -> {
      opened.add(config);
      return opener.open(config);
    };
    CliContext ctx = new CliContext(recording, Clock.fixed(NOW, ZoneOffset.UTC), stdin, out, err, terminal, terminal,
        environment, systemProperties);
    // Opening a plugin backend sets the context class loader, as the real process keeps it; a test
    // thread goes on to other tests, so it gets its own back.
    ClassLoader contextLoader = Thread.currentThread().getContextClassLoader();
    int status;
    try {
      status = ReflowTrace.execute(ctx, args);
    } finally {
      Thread.currentThread().setContextClassLoader(contextLoader);
    }
    return new Result(status, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
  }

  record Result(int status, byte[] stdoutBytes, String err) {
    String out() {
      return new String(stdoutBytes, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return "exit " + status + "\n--- stdout\n" + out() + "--- stderr\n" + err;
    }
  }
}
