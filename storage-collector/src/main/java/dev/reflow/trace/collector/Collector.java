package dev.reflow.trace.collector;

import dev.reflow.trace.collector.internal.CollectorServer;
import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.TraceStorages;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A running Reflow trace collector: a WebSocket server speaking Reflow's tracing protocol that
 * aggregates events into traces and stores them through a {@link TraceStorage}. Reflow networks
 * point at it unchanged ({@code tracing.server_url = "ws://host:8080"}). Start with
 * {@link #start}; {@link #close()} stops it gracefully. See {@code docs/collector.md}.
 */
public final class Collector implements AutoCloseable {
  private final CollectorServer server;
  private final CollectorConfig config;

  private Collector(CollectorServer server, CollectorConfig config) {
    this.server = server;
    this.config = config;
  }

  /**
   * Opens the backend {@code storage.backend} names (through {@link TraceStorages#open}), replays
   * the journal and starts listening. The collector owns the storage and closes it.
   */
  public static Collector start(CollectorConfig config, StorageConfig storageConfig, List<TraceFinalizationListener> listeners) {
    TraceStorage storage = TraceStorages.open(storageConfig);
    try {
      return start(config, storage, true, listeners);
    } catch (RuntimeException e) {
      storage.close();
      throw e;
    }
  }

  /** Starts on a storage the caller opened; {@code ownsStorage} says whether {@link #close()} closes it. */
  public static Collector start(CollectorConfig config, TraceStorage storage, boolean ownsStorage,
      List<TraceFinalizationListener> listeners) {
    return start(config, storage, ownsStorage, listeners, null);
  }

  /**
   * Starts on a storage the caller opened, with plain HTTP {@code routes} (the trace viewer) served
   * on the same port as the WebSocket endpoint; null for none.
   */
  public static Collector start(CollectorConfig config, TraceStorage storage, boolean ownsStorage,
      List<TraceFinalizationListener> listeners, HttpRoutes routes) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(storage, "storage");
    Path journal = config.journal() ? config.resolvedJournalPath(System.getenv()) : null;
    try {
      return new Collector(new CollectorServer(config, storage, ownsStorage, journal, List.copyOf(listeners), routes), config);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while binding " + config.host() + ":" + config.port(), e);
    }
  }

  /** The address it listens on (the real port when 0 was configured). */
  public InetSocketAddress address() {
    return server.address();
  }

  /** {@code ws://host:port}, the URL a Reflow network's {@code tracing.server_url} takes. */
  public String url() {
    String host = address().getAddress().getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return "ws://" + host + ":" + address().getPort();
  }

  /** The journal directory, or null when {@code server.journal = off}. */
  public Path journalPath() {
    return server.journalPath();
  }

  public String backendName() {
    return server.backendName();
  }

  public CollectorConfig config() {
    return config;
  }

  /** A read-only view of the traces held in memory (in flight, or ended and not yet stored). */
  public LiveTraces live() {
    return server.live();
  }

  /** Traces in flight now. */
  public int inFlight() {
    return server.inFlight();
  }

  /** Finalized traces whose storage write has not completed yet. */
  public int unstored() {
    return server.unstored();
  }

  /** The default journal directory for a bind address and port (what {@code serve} prints). */
  public static Path defaultJournalPath(CollectorConfig config, Map<String, String> environment) {
    return config.toBuilder().journalPath(null).build().resolvedJournalPath(environment);
  }

  /** Graceful stop; idempotent. */
  @Override
  public void close() {
    server.close();
  }
}
