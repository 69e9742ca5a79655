package dev.reflow.trace.collector.internal;

import dev.reflow.trace.collector.CollectorConfig;
import dev.reflow.trace.collector.HttpRoutes;
import dev.reflow.trace.collector.LiveTraces;
import dev.reflow.trace.collector.TraceFinalizationListener;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.storage.TraceQuery;
import dev.reflow.trace.storage.TraceStorage;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running collector: Netty's HTTP codec and WebSocket protocol handler (framing, Ping/Pong,
 * close) in front of a {@link ConnectionHandler} per connection, the engine, the journal and the
 * background tasks (idle sweep, journal compaction, a traffic line a minute).
 */
public final class CollectorServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CollectorServer.class);
  private static final int MAX_FRAME = 64 << 20;

  private final CollectorConfig config;
  private final TraceStorage storage;
  private final boolean ownsStorage;
  private final CollectorMetrics metrics = new CollectorMetrics();
  private final Journal journal;
  private final Path journalPath;
  private final TraceAggregator engine;
  private final ExecutorService storageExecutor;
  private final ScheduledExecutorService scheduler;
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final Channel serverChannel;
  private final InetSocketAddress address;
  private final LiveTraces live;
  private boolean closed;

  /**
   * Opens the journal (replaying it), starts the engine and binds.
   *
   * @param journalPath the journal directory; ignored when the journal is off
   * @param ownsStorage whether {@link #close()} closes the storage
   * @param routes plain HTTP routes served on the same port, or null for none
   */
  public CollectorServer(CollectorConfig config, TraceStorage storage, boolean ownsStorage, Path journalPath,
      List<TraceFinalizationListener> listeners, HttpRoutes routes) throws InterruptedException {
    this.config = config;
    this.storage = storage;
    this.ownsStorage = ownsStorage;
    List<JournalRecord> replayed = List.of();
    if (config.journal()) {
      FileJournal.Opened opened = FileJournal.open(journalPath, 64L << 20);
      this.journal = opened.journal();
      this.journalPath = journalPath;
      replayed = opened.liveState();
    } else {
      this.journal = Journal.OFF;
      this.journalPath = null;
    }
    AtomicInteger threads = new AtomicInteger();
    this.storageExecutor = Executors.newFixedThreadPool(4, r -> daemon(r, "reflow-collector-storage-" + threads.incrementAndGet()));
    this.engine = new TraceAggregator(config, storage, journal, metrics, storageExecutor, listeners);
    engine.restore(replayed);
    this.live = new EngineView(engine);
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "reflow-collector-timer"));
    long sweepMillis = Math.max(50, Math.min(1000, config.idleTimeout().toMillis() / 10));
    scheduler.scheduleWithFixedDelay(() -> guarded("idle sweep", engine::sweepIdle), sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
    scheduler.scheduleWithFixedDelay(() -> guarded("journal compaction", engine::maybeCompact), 1, 1, TimeUnit.SECONDS);
    AtomicLong lastReceived = new AtomicLong();
    scheduler.scheduleWithFixedDelay(() -> guarded("traffic log", () -> logTraffic(lastReceived)), 60, 60, TimeUnit.SECONDS);

    this.boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    this.workers = new MultiThreadIoEventLoopGroup(0, NioIoHandler.newFactory());
    AtomicInteger admitted = new AtomicInteger();
    WebSocketServerProtocolConfig ws = WebSocketServerProtocolConfig.newBuilder()
        .websocketPath("/")
        .checkStartsWith(true) // any request path is accepted, as upstream does
        .maxFramePayloadLength(MAX_FRAME)
        .handleCloseFrames(true)
        // Netty's validator walks every Text frame byte by byte through a ByteProcessor (about
        // 40% of the event loop's time at load); RequestDecoder checks UTF-8 itself on the bytes
        // it reads anyway, and answers invalid text with an InvalidRequest Error instead of
        // closing the connection.
        .withUTF8Validator(false)
        .build();
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(boss, workers)
        .channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            channels.add(ch);
            ch.pipeline()
                .addLast(new HttpServerCodec())
                .addLast(new HttpObjectAggregator(64 * 1024));
            if (routes != null) {
              ch.pipeline().addLast(routes.newHandler(live));
            }
            ch.pipeline()
                .addLast(new HandshakeGate(config.authToken(), config.maxConnections(), admitted, metrics))
                .addLast(new WebSocketServerProtocolHandler(ws))
                .addLast(new WebSocketFrameAggregator(MAX_FRAME))
                .addLast(new ConnectionHandler(engine, metrics, config.subscriberQueue()));
          }
        });
    try {
      this.serverChannel = bootstrap.bind(config.host(), config.port()).sync().channel();
    } catch (RuntimeException | InterruptedException e) {
      shutdownInternals();
      throw e;
    }
    this.address = (InetSocketAddress) serverChannel.localAddress();
  }

  public InetSocketAddress address() {
    return address;
  }

  /** The journal directory, or null when the journal is off. */
  public Path journalPath() {
    return journalPath;
  }

  public String backendName() {
    return storage.backendName();
  }

  /** What the engine holds in memory, read-only (the viewer's seam). */
  public LiveTraces live() {
    return live;
  }

  /** In-flight traces right now (tests, metrics). */
  public int inFlight() {
    return engine.inFlight();
  }

  /** Finalized traces not yet in storage (tests, metrics). */
  public int unstored() {
    return engine.finalizingCount();
  }

  /**
   * Graceful stop: stop accepting, stop reading, let replies already owed go out, close the
   * connections (in-flight traces stay in the journal, or are stored as failed without one), store
   * what is finalized, close the journal and the storage. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    engine.beginShutdown();
    serverChannel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    for (Channel ch : channels) {
      ConnectionHandler h = ch.pipeline().get(ConnectionHandler.class);
      if (h != null) {
        ch.eventLoop().execute(h::stopReading);
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    for (Channel ch : channels) {
      ConnectionHandler h = ch.pipeline().get(ConnectionHandler.class);
      while (h != null && ch.isActive() && System.nanoTime() < deadline) {
        boolean idle = ch.eventLoop().submit(h::idle).syncUninterruptibly().getNow();
        if (idle) {
          break;
        }
        sleep(10);
      }
      if (h != null && ch.isActive()) {
        ch.eventLoop().execute(h::sendClose);
      }
    }
    channels.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    shutdownInternals();
  }

  private void shutdownInternals() {
    scheduler.shutdownNow();
    engine.close();
    storageExecutor.shutdown();
    try {
      storageExecutor.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    journal.close();
    if (ownsStorage) {
      storage.close();
    }
    workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  private void logTraffic(AtomicLong lastReceived) {
    long received = metrics.messagesReceived.sum();
    if (received != lastReceived.getAndSet(received)) {
      var m = metrics.snapshot(engine.inFlight());
      LOG.info("Collector: {} connections, {} messages received, {} events recorded, {} traces stored, {} in flight "
              + "({} bytes), {} errors, {} notifications dropped",
          m.get("connections_active"), m.get("messages_received"), m.get("events_recorded"), m.get("traces_stored"),
          m.get("traces_in_flight"), m.get("in_flight_bytes"), m.get("errors_total"), m.get("notifications_dropped"));
    }
  }

  private static void guarded(String what, Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      LOG.warn("Collector {} failed: {}", what, e.toString());
    }
  }

  /** {@link LiveTraces} over the engine. */
  private record EngineView(TraceAggregator engine) implements LiveTraces {
    @Override
    public List<FlowTrace> matching(TraceQuery query, int max) {
      return engine.liveMatching(query, max);
    }

    @Override
    public Optional<FlowTrace> get(TraceId traceId) {
      return engine.liveGet(traceId);
    }

    @Override
    public boolean holds(TraceId traceId) {
      return engine.holds(traceId);
    }

    @Override
    public int inFlight() {
      return engine.inFlight();
    }

    @Override
    public SortedMap<String, Long> counters() {
      return engine.counters();
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
