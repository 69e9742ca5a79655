package dev.reflow.trace.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line's jar run as users run it, {@code java [options] -jar reflow-trace.jar ARGS} in
 * a child JVM, and what the benchmarks read of such a child: its peak resident memory.
 */
final class CliJar {
  private CliJar() {}

  /** The child's command line; JDK 22+ also gets the native access sqlite-jdbc and zstd-jni need. */
  static List<String> command(Path jar, List<String> jvmOptions, List<String> args) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(jvmOptions);
    if (Runtime.version().feature() >= 22) {
      cmd.add("--enable-native-access=ALL-UNNAMED");
    }
    cmd.addAll(List.of("-jar", jar.toString()));
    cmd.addAll(args);
    return cmd;
  }

  /** The process's peak resident memory (VmHWM) in KiB, or 0 once it is gone. */
  static long peakRssKib(long pid) throws IOException {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
    } catch (NoSuchFileException e) {
      return 0;
    }
    return 0;
  }
}
