package dev.reflow.trace.cli;

import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.TraceStorage;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * What a command needs from the world outside its arguments, gathered in one place so that
 * tests can run the whole command line in-process with a fake storage, a fixed clock and a
 * prepared standard input.
 *
 * @param opener opens the configured storage
 * @param clock the time relative ages ({@code --since 2h}) are counted back from
 * @param stdin what {@code import -} reads
 * @param stdout where results go; always written as UTF-8, and {@code get} writes its bytes as they are
 * @param stderr where messages and the progress bar go
 * @param stderrIsTerminal whether a progress bar may be drawn on stderr
 * @param stdoutIsTerminal whether {@code get} ends its output with a newline
 * @param environment environment variables ({@code STORAGE_BACKEND}, …)
 * @param systemProperties Java system properties ({@code storage.backend}, …)
 */
public record CliContext(
    StorageOpener opener,
    Clock clock,
    InputStream stdin,
    OutputStream stdout,
    OutputStream stderr,
    boolean stderrIsTerminal,
    boolean stdoutIsTerminal,
    Map<String, String> environment,
    Map<String, String> systemProperties) {

  public CliContext {
    Objects.requireNonNull(opener, "opener");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(stdin, "stdin");
    Objects.requireNonNull(stdout, "stdout");
    Objects.requireNonNull(stderr, "stderr");
    environment = Map.copyOf(environment);
    systemProperties = Map.copyOf(systemProperties);
  }

  /** The real process: discovered backends, the system clock, the process's streams. */
  public static CliContext system() {
    // System.console() is null when either stdin or stdout is redirected, and Java 17 has no
    // way to ask about stderr alone; "a terminal is attached" is the best available signal.
    boolean terminal = System.console() != null;
    Map<String, String> props = new java.util.TreeMap<>();
    System.getProperties().stringPropertyNames().forEach(n -> props.put(n, System.getProperty(n)));
    return new CliContext(StorageOpener.discovered(System.getenv(), props), Clock.systemUTC(), System.in, System.out,
        System.err, terminal, terminal, System.getenv(), props);
  }


  /** Opens storage for a configuration; the seam tests replace. */
  @FunctionalInterface
  public interface StorageOpener {
    TraceStorage open(StorageConfig config);

    /**
     * The providers found on the class path and in plugin jars ({@code REFLOW_TRACE_CLASSPATH} of
     * {@code environment}, {@code storage.plugins_dir}, by default under {@code user.home} of
     * {@code systemProperties}), selected by {@code storage.backend}.
     */
    static StorageOpener discovered(Map<String, String> environment, Map<String, String> systemProperties) {
      Map<String, String> env = Map.copyOf(environment);
      Map<String, String> props = Map.copyOf(systemProperties);
      return config -> Backends.open(config, env, props);
    }
  }
}
