package dev.reflow.trace.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Peak resident memory of {@code reflow-trace export} over a whole scale data set ({@link ScaleData})
 * in a child JVM capped at {@code -Xmx192m}, as a user would run it ({@code java -jar}): the proof
 * that an export's memory does not grow with the store. The child's VmHWM is sampled from /proc
 * until it exits. Writes {@code key=value} lines for the report.
 *
 * <p>Usage: {@code ExportFootprint <reflow-trace.jar> <traces> <output file>}.
 */
public final class ExportFootprint {
  static final String HEAP = "-Xmx192m";

  private ExportFootprint() {}

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args[0]);
    int traces = Integer.parseInt(args[1]);
    StringBuilder out = new StringBuilder("traces=" + traces + "\nheap=" + HEAP + "\n");
    for (String backend : ScaleData.BACKENDS) {
      ScaleData.ensure(backend, traces);
      Path file = Files.createTempFile("export-footprint", ".ndjson");
      try {
        List<String> command = new ArrayList<>(ScaleData.cliOptions(backend, traces));
        command.addAll(List.of("export", "--output", file.toString()));
        List<String> cmd = CliJar.command(jar, List.of(HEAP), command);
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        long peakKib = 0;
        while (!p.waitFor(50, TimeUnit.MILLISECONDS)) {
          peakKib = Math.max(peakKib, CliJar.peakRssKib(p.pid()));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (p.exitValue() != 0) {
          throw new IllegalStateException("export from " + backend + " exited with " + p.exitValue());
        }
        out.append(String.format(Locale.ROOT, "%s_peak_rss_mib=%d%n%s_seconds=%.1f%n%s_bytes=%d%n",
            backend, peakKib / 1024, backend, seconds, backend, Files.size(file)));
      } finally {
        Files.deleteIfExists(file);
      }
    }
    Files.writeString(Path.of(args[2]), out);
    System.out.print(out);
    System.exit(0); // the embedded server's non-daemon threads
  }
}
