package dev.reflow.trace.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs many command lines in one JVM, set up as {@link ReflowTrace#main} sets up its process
 * (logging, the redacting stderr), so that a matrix of commands costs one JVM start per logging
 * setup instead of one per command. Argument: a file with one command per line, arguments
 * separated by tabs; the first argument {@code --verbose} on the first line sets up verbose
 * logging. Before each command a line {@code ### N} goes to stdout and stderr, after it
 * {@code ### N exit S}.
 */
public final class ManyCommandsMain {
  static final String MARK = "### ";

  private ManyCommandsMain() {}

  public static void main(String[] args) throws Exception {
    List<String> lines = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
    Logging.configure(!lines.isEmpty() && lines.get(0).startsWith("--verbose"));
    for (int i = 0; i < lines.size(); i++) {
      String[] command = lines.get(i).split("\t");
      System.out.println(MARK + i);
      System.err.println(MARK + i);
      int status = ReflowTrace.execute(CliContext.system(), command);
      System.out.flush();
      System.err.flush();
      System.out.println(MARK + i + " exit " + status);
      System.err.println(MARK + i + " exit " + status);
    }
  }
}
