package dev.reflow.trace.cli;

import dev.reflow.trace.collector.Collector;
import dev.reflow.trace.collector.CollectorConfig;
import dev.reflow.trace.collector.CollectorSettings;
import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.viewer.Viewer;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code reflow-trace serve}: a Reflow trace collector on the configured backend, until SIGTERM or
 * SIGINT, which stop it gracefully with exit status 0.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {
      "Runs a Reflow trace collector: Reflow networks with tracing.server_url = \"ws://HOST:PORT\" send their "
          + "events here, and finished traces are stored on the configured backend.",
      "The trace viewer (web page and read-only HTTP API, docs/viewer.md) is served on the same port.",
      "--config reads Reflow's collector TOML ([server] host, port, max_connections and this collector's keys; "
          + "[storage]); -D server.KEY=VALUE sets a server key. See docs/collector.md."
    })
final class ServeCommand implements Callable<Integer> {
  @ParentCommand
  ReflowTrace root;

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--host", paramLabel = "HOST",
      description = "Address to bind (default 127.0.0.1; 0.0.0.0 listens on every interface).")
  String host;

  @Option(names = "--port", paramLabel = "PORT", description = "TCP port (default 8080; 0 picks a free one).")
  Integer port;

  @Override
  public Integer call() throws Exception {
    ServerProperties keys = ServerProperties.of(root.properties, host, port);
    CliContext context = root.context();
    CollectorConfig config = CollectorConfig.fromMap(
        CollectorSettings.load(root.configFile, context.environment(), keys.server()));
    StorageConfig storageConfig = ConfigResolver.resolve(context, root.configFile, keys.storage());
    PrintWriter out = spec.commandLine().getOut();
    if (root.verbose()) {
      spec.commandLine().getErr().println("configuration: " + storageConfig + " " + config);
    }
    CountDownLatch stop = new CountDownLatch(1);
    Signals.onTermination(stop::countDown);
    TraceStorage storage = context.opener().open(storageConfig);
    Viewer.ViewerRoutes viewer = Viewer.routes(storage, config.authToken());
    Collector collector;
    try {
      collector = Collector.start(config, storage, true, List.of(), viewer);
    } catch (RuntimeException e) {
      storage.close();
      throw e;
    }
    try {
      out.println("journal: " + (collector.journalPath() == null ? "off" : collector.journalPath()));
      out.println("listening on " + collector.url() + " (backend " + collector.backendName() + ")");
      out.println("viewer on " + Viewer.url(collector.address()));
      out.flush();
      stop.await();
      out.println("shutting down");
      out.flush();
    } finally {
      collector.close();
      viewer.close();
    }
    out.println("stopped");
    out.flush();
    return ExitStatus.OK;
  }
}
