package dev.reflow.trace.cli;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Runs a system command (mount, umount) for tests that need a real file system situation. */
final class SystemCommands {
  private SystemCommands() {}

  /** Null when the command succeeded, else what went wrong (for a skip reason or a failure). */
  static String run(String... command) throws InterruptedException {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes()).strip();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return command[0] + " did not finish";
      }
      return p.exitValue() == 0 ? null : command[0] + " exited " + p.exitValue() + ": " + output;
    } catch (IOException e) {
      return command[0] + ": " + e.getMessage();
    }
  }
}
