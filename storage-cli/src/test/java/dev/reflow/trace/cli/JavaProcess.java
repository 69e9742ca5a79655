package dev.reflow.trace.cli;

import dev.reflow.trace.storage.TraceStorages;
import dev.reflow.trace.storage.spi.TraceStorageProvider;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs reflow-trace in a child JVM, as a user would, and collects its exit status and output. */
final class JavaProcess {
  /**
   * Short-lived command JVMs start faster with the C1 compiler only and the serial collector;
   * behaviour is the same, and the suite runs on a shared 2-core machine.
   */
  private static final List<String> FAST_START = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  /**
   * {@code --enable-native-access=ALL-UNNAMED} on JDK 22+ (the build's jdk22+ profile passes it
   * in), empty on 17 and 21. Only the class-path runs need it: the jar's manifest enables native
   * access itself, which {@link ReflowTraceJarIT} checks by running it without the option.
   */
  private static final List<String> NATIVE_ACCESS =
      Arrays.stream(System.getProperty("test.jvm.nativeAccess", "").trim().split("\\s+"))
          .filter(s -> !s.isEmpty()).toList();

  private JavaProcess() {}

  record Result(int status, byte[] stdoutBytes, String stderr) {
    String stdout() {
      return new String(stdoutBytes, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return "exit " + status + "\n--- stdout\n" + stdout() + "\n--- stderr\n" + stderr;
    }
  }

  /** {@code java -jar reflow-trace.jar ARGS} in {@code workDir}. */
  static Result jar(Path jar, Path workDir, String... args) throws Exception {
    return jar(jar, workDir, java.util.Map.of(), args);
  }

  /** {@code java -jar reflow-trace.jar ARGS} in {@code workDir}, with these environment variables set. */
  static Result jar(Path jar, Path workDir, java.util.Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(javaBinary()));
    cmd.addAll(FAST_START);
    cmd.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
    cmd.addAll(Arrays.asList(args));
    return run(cmd, workDir, null, env);
  }

  /** Starts {@code java -jar reflow-trace.jar ARGS} in {@code workDir} for a long-running command (serve). */
  static Process startJar(Path jar, Path workDir, String... args) throws IOException {
    return new ProcessBuilder(jarCommand(jar, args)).directory(workDir.toFile()).start();
  }

  /** The command line of {@code java -jar reflow-trace.jar ARGS} (for a caller that sets up the process itself). */
  static List<String> jarCommand(Path jar, String... args) {
    List<String> cmd = new ArrayList<>(List.of(javaBinary()));
    cmd.addAll(FAST_START);
    cmd.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
    cmd.addAll(Arrays.asList(args));
    return cmd;
  }

  /** {@code java -cp <test class path> dev.reflow.trace.cli.ReflowTrace ARGS} in {@code workDir}. */
  static Result main(Path workDir, byte[] stdin, String... args) throws Exception {
    return main(List.of(), workDir, stdin, args);
  }

  /** As {@link #main(Path, byte[], String...)}, with extra JVM options (e.g. a log level). */
  static Result main(List<String> jvmOptions, Path workDir, byte[] stdin, String... args) throws Exception {
    return main(ReflowTrace.class, jvmOptions, workDir, stdin, args);
  }

  /** {@code java -cp <test class path> MAIN ARGS} in {@code workDir}, with extra JVM options. */
  static Result main(Class<?> main, List<String> jvmOptions, Path workDir, byte[] stdin, String... args)
      throws Exception {
    List<String> cmd = new ArrayList<>(List.of(javaBinary()));
    cmd.addAll(FAST_START);
    cmd.addAll(NATIVE_ACCESS);
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    cmd.addAll(Arrays.asList(args));
    return run(cmd, workDir, stdin);
  }

  /** As {@link #main(Path, byte[], String...)}, with extra JVM options (a small heap, say). */
  static Result mainWithJvmOptions(Path workDir, List<String> jvmOptions, String... args) throws Exception {
    // Through main(...) so that the native-access option is passed on JDK 22+ as well.
    return main(ReflowTrace.class, jvmOptions, workDir, null, args);
  }

  /** The launcher script, with building disabled (the jar exists in the integration-test phase). */
  static Result command(Path workDir, Path script, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("bash", script.toString()));
    cmd.addAll(Arrays.asList(args));
    return run(cmd, workDir, null, java.util.Map.of("REFLOW_TRACE_NO_BUILD", "1",
        "JAVA_HOME", System.getProperty("java.home"), "REFLOW_TRACE_JAVA_OPTS", String.join(" ", FAST_START)));
  }

  /** The artifacts of the providers this test's class path has: the jar must have them all. */
  static List<String> registeredBackends() {
    return TraceStorages.providers().stream().map(TraceStorageProvider::artifact)
        .map(a -> a.substring(a.indexOf(':') + 1)).toList();
  }

  private static Result run(List<String> cmd, Path workDir, byte[] stdin) throws Exception {
    return run(cmd, workDir, stdin, java.util.Map.of());
  }

  private static Result run(List<String> cmd, Path workDir, byte[] stdin, java.util.Map<String, String> env)
      throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
    // The child must see no configuration but what the test gives it.
    pb.environment().keySet().removeIf(k -> k.startsWith("STORAGE_") || k.startsWith("REFLOW_TRACING_")
        || k.equals(Plugins.CLASSPATH_VARIABLE));
    pb.environment().putAll(env);
    Process p = pb.start();
    // One thread per pipe, never the common pool: it has a single worker on a 2-core machine, which
    // then drains stdout to its end while the child blocks on a full stderr pipe (64 KiB; verbose
    // stack traces are longer on JDK 25) - a deadlock that looked like a hanging command.
    CompletableFuture<byte[]> out = drain(p.getInputStream(), "stdout");
    CompletableFuture<byte[]> err = drain(p.getErrorStream(), "stderr");
    try (OutputStream in = p.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin);
      }
    }
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("reflow-trace did not finish within 120 s: " + cmd);
    }
    return new Result(p.exitValue(), out.get(), new String(err.get(), StandardCharsets.UTF_8));
  }

  private static CompletableFuture<byte[]> drain(InputStream in, String name) {
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try {
        result.complete(readAll(in));
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    }, "child-" + name);
    reader.setDaemon(true);
    reader.start();
    return result;
  }

  private static byte[] readAll(InputStream in) {
    try (in) {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      in.transferTo(buf);
      return buf.toByteArray();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", File.separatorChar == '\\' ? "java.exe" : "java").toString();
  }
}
