package dev.reflow.trace.cli;

import dev.reflow.trace.cli.internal.Secrets;
import dev.reflow.trace.collector.CollectorConfig;
import dev.reflow.trace.collector.CollectorSettings;
import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.viewer.Viewer;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code reflow-trace view}: the trace viewer (web page and read-only HTTP API) over the configured
 * store, without a collector, until SIGTERM or SIGINT (exit status 0). The store is opened
 * read-only; the API takes the collector's auth token ({@code server.auth_token}) when one is set.
 */
@Command(name = "view", mixinStandardHelpOptions = true,
    description = {
      "Serves the trace viewer: a web page and a read-only HTTP API over the configured store "
          + "(docs/viewer.md). Prints 'viewer on http://HOST:PORT/' when ready; stops on Ctrl-C.",
      "The API requires server.auth_token (REFLOW_TRACING_AUTH_TOKEN, -D server.auth_token=…, [server] in "
          + "--config) when it is set, as Authorization: Bearer or ?token=."
    })
final class ViewCommand implements Callable<Integer> {
  @ParentCommand
  ReflowTrace root;

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--host", paramLabel = "HOST",
      description = "Address to bind (default " + Viewer.DEFAULT_HOST + "; 0.0.0.0 listens on every interface).")
  String host;

  @Option(names = "--port", paramLabel = "PORT",
      description = "TCP port (default " + Viewer.DEFAULT_PORT + "; 0 picks a free one).")
  Integer port;

  @Override
  public Integer call() throws Exception {
    ServerProperties keys = ServerProperties.of(root.properties, null, null);
    CliContext context = root.context();
    // Only the token is taken from the collector's settings; host and port have their own defaults.
    String token = CollectorConfig.fromMap(CollectorSettings.load(root.configFile, context.environment(),
            context.systemProperties(), keys.server()))
        .authToken();
    if (token != null) {
      Secrets.registerConfiguration(Map.of("server.auth_token", token));
    }
    StorageConfig storageConfig = ReflowTrace.readOnly(ConfigResolver.resolve(context, root.configFile, keys.storage()));
    Secrets.registerConfiguration(storageConfig.asMap());
    PrintWriter out = spec.commandLine().getOut();
    if (root.verbose()) {
      spec.commandLine().getErr().println("configuration: " + storageConfig);
    }
    CountDownLatch stop = new CountDownLatch(1);
    Signals.onTermination(stop::countDown);
    try (TraceStorage storage = context.opener().open(storageConfig);
        Viewer viewer = Viewer.start(storage, host == null ? Viewer.DEFAULT_HOST : host,
            port == null ? Viewer.DEFAULT_PORT : port, token)) {
      out.println("viewer on " + viewer.url());
      out.flush();
      stop.await();
      out.println("shutting down");
      out.flush();
    }
    out.println("stopped");
    out.flush();
    return ExitStatus.OK;
  }
}
