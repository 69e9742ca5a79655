package dev.reflow.trace.cli;

import dev.reflow.trace.storage.Redaction;
import dev.reflow.trace.storage.StorageConfigurationException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The exit status rules: 0 success, 1 not found or partial failure (and any failure of the
 * storage itself), 2 usage or configuration error. Every failure is one line on stderr, with
 * credentials redacted; the stack trace only with {@code --verbose}.
 */
final class ExitStatus implements IExecutionExceptionHandler, IParameterExceptionHandler {
  static final int OK = 0;
  static final int FAILURE = 1;
  static final int USAGE = 2;

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cl = ex.getCommandLine();
    PrintWriter err = cl.getErr();
    err.println(cl.getCommandSpec().qualifiedName() + ": " + Redaction.redact(ex.getMessage()));
    CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
    if (isVerbose(args)) {
      ex.printStackTrace(err);
    }
    err.flush();
    return USAGE;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parseResult) {
    PrintWriter err = cl.getErr();
    int status = statusOf(ex);
    err.println(cl.getCommandSpec().qualifiedName() + ": " + oneLine(ex));
    Object root = cl.getCommandSpec().root().userObject();
    if (root instanceof ReflowTrace rt && rt.verbose()) {
      ex.printStackTrace(err);
    }
    err.flush();
    return status;
  }

  static int statusOf(Throwable ex) {
    if (ex instanceof CliUsageException || ex instanceof StorageConfigurationException) {
      return USAGE;
    }
    return FAILURE;
  }

  /** The message on one line; an exception without a message is named by its type. */
  static String oneLine(Throwable ex) {
    if (ex instanceof java.nio.file.FileSystemException fs && fs.getFile() != null) {
      // "/x/y" alone, or the class name, would not say what is wrong.
      return Redaction.redact(fs.getFile() + ": " + InputFiles.describe(fs));
    }
    String message = ex.getMessage();
    if (message == null || message.isBlank()) {
      message = ex.getClass().getSimpleName();
      if (ex.getCause() != null && ex.getCause().getMessage() != null) {
        message += ": " + ex.getCause().getMessage();
      }
    }
    return Redaction.redact(message.strip().replaceAll("\\s*\\R\\s*", " "));
  }

  private static boolean isVerbose(String[] args) {
    for (String a : args) {
      if (a.equals("--verbose")) {
        return true;
      }
    }
    return false;
  }
}
