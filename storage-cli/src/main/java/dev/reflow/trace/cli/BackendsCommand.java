package dev.reflow.trace.cli;

import dev.reflow.trace.cli.internal.Table;
import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.spi.TraceStorageProvider;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Lists the storage providers on the class path; touches no database. */
@Command(name = "backends", mixinStandardHelpOptions = true,
    description = "Lists the storage backends found on the class path and in plugin jars (REFLOW_TRACE_CLASSPATH, "
        + "storage.plugins_dir): name, artifact, where it came from, description.")
final class BackendsCommand implements Callable<Integer> {
  @ParentCommand
  ReflowTrace root;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    StorageConfig config = root.config();
    CliContext context = root.context();
    Plugins plugins = Backends.plugins(config, context.environment(), context.systemProperties());
    List<TraceStorageProvider> providers = Backends.providers(plugins);
    if (providers.isEmpty()) {
      spec.commandLine().getErr().println("no storage backends found on the class path");
      return ExitStatus.FAILURE;
    }
    String selected = config.backend().orElse("");
    Table table = Table.withHeaders("NAME", "ARTIFACT", "FROM", "DESCRIPTION");
    for (TraceStorageProvider p : providers) {
      String name = p.name() + (p.name().equals(selected) || p.aliases().contains(selected) ? " *" : "");
      // The jar's file name here (a cell is short); its full path and origin are listed below.
      String from = plugins.source(p).map(jar -> String.valueOf(jar.path().getFileName())).orElse("built in");
      table.row(name, p.artifact(), from, p.description());
    }
    table.print(out);
    out.println();
    out.println("* selected by storage.backend=" + selected);
    out.println(pluginSummary(plugins, config, context));
    for (Plugins.Jar jar : plugins.jars()) {
      out.println("  " + jar.origin() + "  " + jar.path());
    }
    return ExitStatus.OK;
  }

  /** Where plugin jars were looked for, so that a user whose backend is missing sees why. */
  private static String pluginSummary(Plugins plugins, StorageConfig config, CliContext context) {
    String classpath = context.environment().getOrDefault(Plugins.CLASSPATH_VARIABLE, "");
    String dir = config.get(Plugins.PLUGINS_DIR).filter(s -> !s.isBlank())
        .orElseGet(() -> String.valueOf(Plugins.defaultPluginsDir(context.systemProperties())));
    return "plugin jars: " + plugins.jars().size() + " (" + Plugins.CLASSPATH_VARIABLE + "="
        + (classpath.isBlank() ? "<unset>" : classpath) + ", " + Plugins.PLUGINS_DIR + "=" + dir + ")";
  }
}
