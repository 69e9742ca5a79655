package dev.reflow.trace.cli;

import dev.reflow.trace.cli.internal.Table;
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
    description = "Lists the storage backends found on the class path (name, artifact, description).")
final class BackendsCommand implements Callable<Integer> {
  @ParentCommand
  ReflowTrace root;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<TraceStorageProvider> providers = Backends.providers();
    if (providers.isEmpty()) {
      spec.commandLine().getErr().println("no storage backends found on the class path");
      return ExitStatus.FAILURE;
    }
    String selected = root.config().backend().orElse("");
    Table table = Table.withHeaders("NAME", "ARTIFACT", "DESCRIPTION");
    for (TraceStorageProvider p : providers) {
      String name = p.name() + (p.name().equals(selected) || p.aliases().contains(selected) ? " *" : "");
      table.row(name, p.artifact(), p.description());
    }
    table.print(out);
    out.println();
    out.println("* selected by storage.backend=" + selected);
    return ExitStatus.OK;
  }
}
