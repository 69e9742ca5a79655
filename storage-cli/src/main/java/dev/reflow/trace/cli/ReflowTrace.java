package dev.reflow.trace.cli;

import dev.reflow.trace.cli.internal.RedactingOutputStream;
import dev.reflow.trace.cli.internal.Secrets;
import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.TraceStorage;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code reflow-trace}: the command line over {@link TraceStorage}. Subcommands are listed in
 * {@link #SUBCOMMANDS}; a new one is a class with {@code @Command} that reaches the storage through
 * {@link #openStorage()} of its {@code @ParentCommand}.
 */
@Command(
    name = "reflow-trace",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Stores, imports and queries Reflow flow traces.",
      "With nothing configured it uses the sqlite backend and the file reflow-traces.db in the current directory."
    },
    footer = {
      "",
      "Configuration precedence: -D > system properties > environment variables (STORAGE_BACKEND, "
          + "STORAGE_SQLITE_DATABASE_PATH, ...) > --config file > the defaults above.",
      "Exit status: 0 success, 1 not found or partial failure, 2 usage or configuration error."
    })
public final class ReflowTrace implements Callable<Integer> {

  /** Every subcommand, in the order help lists them. Add new commands here. */
  static final List<Class<?>> SUBCOMMANDS = List.of(
      BackendsCommand.class,
      ImportCommand.class,
      GetCommand.class,
      QueryCommand.class,
      ExportCommand.class,
      MigrateCommand.class,
      DeleteCommand.class,
      StatsCommand.class,
      PruneCommand.class,
      ChecksumCommand.class,
      VerifyCommand.class,
      DemoCommand.class,
      ServeCommand.class,
      ViewCommand.class);

  @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
      description = "Configuration file: Reflow TOML ([storage] section) or Java properties (.properties).")
  Path configFile;

  @Option(names = "-D", paramLabel = "KEY=VALUE", hideParamSyntax = true, scope = ScopeType.INHERIT,
      description = "Sets a configuration key, e.g. -D storage.sqlite.database_path=/tmp/t.db. Repeatable.")
  Map<String, String> properties = new LinkedHashMap<>();

  @Option(names = "--verbose", scope = ScopeType.INHERIT,
      description = "Logs what happens and prints stack traces of errors.")
  boolean verbose;

  @Spec
  CommandLine.Model.CommandSpec spec;

  private final CliContext context;

  ReflowTrace(CliContext context) {
    this.context = context;
  }

  private static final String SQLITE_READ_ONLY = "storage.sqlite.read_only";

  /**
   * The configuration for a command that only reads: a SQLite file opened read-only
   * ({@code storage.sqlite.read_only}) unless configured otherwise.
   */
  static StorageConfig readOnly(StorageConfig config) {
    if (config.backend().orElse("").equals("sqlite") && config.get(SQLITE_READ_ONLY).isEmpty()) {
      return config.with(SQLITE_READ_ONLY, "true");
    }
    return config;
  }

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    Logging.configure(List.of(args).contains("--verbose"));
    System.exit(execute(CliContext.system(), args));
  }

  /** Runs the command line in-process and returns its exit status. */
  public static int execute(CliContext context, String... args) {
    // Known before parsing, so that not even a parse error can echo a -D password.
    Secrets.reset();
    Secrets.registerArguments(args);
    // UTF-8 whatever the platform's default: trace JSON and flow names are UTF-8. Every line on
    // stderr is redacted; stdout carries data (trace JSON) and is written as it is.
    PrintWriter out = new PrintWriter(new OutputStreamWriter(context.stdout(), StandardCharsets.UTF_8));
    PrintWriter err = new PrintWriter(new OutputStreamWriter(new RedactingOutputStream(context.stderr()),
        StandardCharsets.UTF_8));
    CommandLine cl = commandLine(context);
    cl.setOut(out);
    cl.setErr(err);
    try {
      return cl.execute(args);
    } finally {
      out.flush();
      err.flush();
    }
  }

  /** The configured picocli command line, with this tool's exit status rules. */
  public static CommandLine commandLine(CliContext context) {
    CommandLine cl = new CommandLine(new ReflowTrace(context));
    for (Class<?> sub : SUBCOMMANDS) {
      cl.addSubcommand(sub);
    }
    cl.addSubcommand(CommandLine.HelpCommand.class);
    ExitStatus handler = new ExitStatus();
    cl.setExecutionExceptionHandler(handler);
    cl.setParameterExceptionHandler(handler);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    // "@file" arguments would be replaced by the file's contents: a flow named "@x" could not be
    // queried, and an error would print the file's first line. Arguments are taken as written.
    cl.setExpandAtFiles(false);
    // picocli's own warnings ("Unbalanced quotes in …") quote the whole -D value, password
    // included, and are no use to a user: the value is taken as written either way.
    CommandLine.tracer().setLevel(CommandLine.TraceLevel.OFF);
    return cl;
  }

  /** Without a subcommand: the usage, and the usage-error status. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitStatus.USAGE;
  }

  CliContext context() {
    return context;
  }

  boolean verbose() {
    return verbose;
  }

  /** The configuration: -D over system properties over environment over file over defaults. */
  StorageConfig config() {
    return config(key -> false);
  }

  /** The configuration, leaving out the {@code -D} keys the command reads itself ({@code otlp.*} for export). */
  StorageConfig config(java.util.function.Predicate<String> commandKeys) {
    Map<String, String> storageKeys = new LinkedHashMap<>();
    properties.forEach((k, v) -> {
      if (!commandKeys.test(k)) {
        storageKeys.put(k, v);
      }
    });
    StorageConfig config = ConfigResolver.resolve(context, configFile, storageKeys);
    Secrets.registerConfiguration(config.asMap());
    return config;
  }

  /** Opens the configured storage; the caller closes it. */
  TraceStorage openStorage() {
    return openStorage(false);
  }

  /**
   * Opens the configured storage; the caller closes it. A read-only command opens a SQLite file
   * read-only ({@code storage.sqlite.read_only}, unless configured otherwise), so that a mistyped
   * path is reported instead of created, and nothing is written or migrated.
   */
  TraceStorage openStorage(boolean readOnly) {
    return openStorage(readOnly, key -> false);
  }

  /** As {@link #openStorage(boolean)}, leaving out the {@code -D} keys the command reads itself. */
  TraceStorage openStorage(boolean readOnly, java.util.function.Predicate<String> commandKeys) {
    StorageConfig config = readOnly ? readOnly(config(commandKeys)) : config(commandKeys);
    if (verbose) {
      spec.commandLine().getErr().println("configuration: " + config);
    }
    return context.opener().open(config);
  }
}
