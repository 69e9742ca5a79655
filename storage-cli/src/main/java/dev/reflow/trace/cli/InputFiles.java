package dev.reflow.trace.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * What is wrong with an input file, in plain words ({@code no such file}, {@code is a directory},
 * {@code permission denied}) instead of a Java exception's class name.
 */
final class InputFiles {
  private InputFiles() {}

  /** Throws a usage error naming the input unless it is a regular file this process may read. */
  static void requireReadable(String input) {
    Path p = Path.of(input);
    if (Files.isDirectory(p)) {
      throw new CliUsageException(input + ": is a directory, not a file");
    }
    if (!Files.exists(p)) {
      throw new CliUsageException(input + ": no such file");
    }
    if (!Files.isRegularFile(p)) {
      throw new CliUsageException(input + ": not a regular file");
    }
    if (!Files.isReadable(p)) {
      throw new CliUsageException(input + ": permission denied");
    }
  }

  /** The reason of a file system failure, without the exception's class name. */
  static String describe(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileSystemException f) {
      return f.getReason() != null ? f.getReason() : "cannot be read";
    }
    return e.getMessage() != null ? e.getMessage() : "read failed";
  }

  /** {@code FILE: reason} for a failure on a file, the file named once. */
  static String describe(String input, IOException e) {
    return input + ": " + describe(e);
  }
}
