package dev.reflow.trace.cli;

import dev.reflow.trace.collector.Collector;
import dev.reflow.trace.collector.CollectorConfig;
import dev.reflow.trace.cli.internal.Secrets;
import dev.reflow.trace.collector.CollectorSettings;
import dev.reflow.trace.collector.TraceFinalizationListener;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.otlp.AsyncOtlpExporter;
import dev.reflow.trace.otlp.OtlpExporter;
import dev.reflow.trace.otlp.OtlpSettings;
import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.viewer.Viewer;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
          + "[storage]; [otlp]); -D server.KEY=VALUE sets a server key. See docs/collector.md.",
      "With [otlp] enabled = true (or -D otlp.enabled=true) every stored trace is also exported over OTLP/HTTP, "
          + "in the background; see docs/otlp.md."
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

  private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

  /**
   * Runs on the storage writer thread: never waits (a full queue drops). A drop is logged the first
   * time and then every 1,000th time, so that an OTLP outage cannot flood the log.
   */
  private static void offer(AsyncOtlpExporter exporter, FlowTrace trace) {
    if (!exporter.offer(trace)) {
      long dropped = exporter.stats().dropped();
      if (dropped == 1 || dropped % 1000 == 0) {
        LOG.warn("OTLP export queue full (otlp.max_queue): {} trace(s) dropped so far; they stay stored", dropped);
      }
    }
  }

  /** The exception's message names the endpoint without credentials and never the headers. */
  private static void exportFailed(Exception e) {
    LOG.warn("OTLP export failed (the traces stay stored): {}", e.getMessage());
  }

  @Override
  public Integer call() throws Exception {
    ServerProperties keys = ServerProperties.of(root.properties, host, port);
    CliContext context = root.context();
    Map<String, String> collectorKeys =
        CollectorSettings.load(root.configFile, context.environment(), context.systemProperties(), keys.server());
    Secrets.registerConfiguration(collectorKeys);
    CollectorConfig config = CollectorConfig.fromMap(collectorKeys);
    OtlpSettings otlp = OtlpSettings.fromMap(collectorKeys);
    OtlpSettings.unknownKeys(collectorKeys).forEach(LOG::warn);
    StorageConfig storageConfig = ConfigResolver.resolve(context, root.configFile, keys.storage());
    PrintWriter out = spec.commandLine().getOut();
    if (root.verbose()) {
      spec.commandLine().getErr().println("configuration: " + storageConfig + " " + config + " " + otlp);
    }
    CountDownLatch stop = new CountDownLatch(1);
    Signals.onTermination(stop::countDown);
    TraceStorage storage = context.opener().open(storageConfig);
    Viewer.ViewerRoutes viewer = Viewer.routes(storage, config.authToken());
    AsyncOtlpExporter exporter = otlp.enabled() ? AsyncOtlpExporter.start(otlp, ServeCommand::exportFailed) : null;
    List<TraceFinalizationListener> listeners = exporter == null ? List.of() : List.of(trace -> offer(exporter, trace));
    Collector collector;
    try {
      collector = Collector.start(config, storage, true, listeners, viewer);
    } catch (RuntimeException e) {
      storage.close();
      if (exporter != null) {
        exporter.close(Duration.ZERO);
      }
      throw e;
    }
    try {
      out.println("journal: " + (collector.journalPath() == null ? "off" : collector.journalPath()));
      if (exporter != null) {
        out.println("otlp: exporting finalized traces to " + OtlpExporter.displayUrl(otlp.endpoint()) + " ("
            + otlp.protocol().configName() + ", service.name " + otlp.serviceName() + ")");
      }
      out.println("listening on " + collector.url() + " (backend " + collector.backendName() + ")");
      out.println("viewer on " + Viewer.url(collector.address()));
      out.flush();
      stop.await();
      out.println("shutting down");
      out.flush();
    } finally {
      collector.close();
      viewer.close();
      if (exporter != null) {
        // the collector has stored and handed over every trace: what is queued goes out now
        exporter.close(otlp.timeout());
        AsyncOtlpExporter.Stats stats = exporter.stats();
        out.println("otlp: sent " + stats.sent() + ", failed " + stats.failed() + ", dropped " + stats.dropped()
            + " traces");
      }
    }
    out.println("stopped");
    out.flush();
    return ExitStatus.OK;
  }
}
