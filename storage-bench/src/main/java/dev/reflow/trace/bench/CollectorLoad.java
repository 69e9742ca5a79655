package dev.reflow.trace.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reflow.trace.json.TraceJson;
import dev.reflow.trace.model.FlowTrace;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load benchmark of the collector as users run it: {@code reflow-trace serve} in a child JVM (the
 * CLI jar), driven over loopback by Reflow-style clients, one JSON request per Text frame. Each
 * connection runs sessions back to back (StartTrace, {@link #EVENTS_PER_TRACE} RecordEvents,
 * EndTrace) with at most {@link #WINDOW} requests unacknowledged, as a network that keeps sending
 * while acknowledgements come back, and checks every reply against the one its request must get
 * (TraceStarted with the session's id, or a successful EventRecorded); any other reply is an error,
 * counted and reported.
 *
 * <p>The client is made cheap, because it shares the cores with the collector it measures: a Netty
 * WebSocket client on at most two event-loop threads, driven by the replies (no sender threads),
 * each request's bytes encoded once per session template with only the 36-byte trace id patched in
 * per session, replies compared as bytes (the expected reply's bytes, or TraceStarted's prefix and
 * id) rather than parsed as JSON. Reflow's own client does more per event (it serializes each
 * TraceEvent with serde and decodes every reply as JSON), so a real network spends more CPU on its
 * side than this generator does; the collector's side of the work is the same. Reported per configuration: events/s over the
 * measured interval (after a warm-up), time from sending a request to its reply (p50, p99, max),
 * the collector's peak resident memory (VmHWM), errors, and the CPU time per acknowledged event of
 * the collector and of the load generator over the measured interval. The load generator shares the
 * machine's cores with the collector, as the target says; CPU per event is the figure that
 * holds on a machine that other work loads too (events/s then follow the share of the cores left).
 *
 * <p>Usage: {@code CollectorLoad <reflow-trace.jar> <out.md> [measure seconds] [connections]
 * [backend:journal,...]}, by default {@code sqlite:on,postgres:on,sqlite:off,postgres:off}.
 */
public final class CollectorLoad {
  static final int EVENTS_PER_TRACE = 100;
  static final int WINDOW = 64;
  /** Seconds of load before measuring; {@code -Dcollector.warmup.seconds} lengthens it on a loaded machine (the JIT warms slower there). */
  private static final int WARMUP_SECONDS = Integer.getInteger("collector.warmup.seconds", 5);
  private static final String HEAP = "-Xmx512m";
  private static final Pattern LISTENING = Pattern.compile("listening on (ws://\\S+)");

  private CollectorLoad() {}

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args[0]);
    Path out = Path.of(args[1]);
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    int connections = args.length > 3 ? Integer.parseInt(args[3]) : 8;
    List<String> configurations = List.of((args.length > 4 ? args[4]
        : "sqlite:on,postgres:on,sqlite:off,postgres:off").split(","));
    List<String> events = eventJson();
    Path work = Files.createTempDirectory("collector-load");
    List<Result> results = new ArrayList<>();
    for (String configuration : configurations) {
      String backend = configuration.substring(0, configuration.indexOf(':'));
      String journal = configuration.substring(configuration.indexOf(':') + 1);
      List<String> storage = switch (backend) {
        case "sqlite" -> List.of("-D", "storage.backend=sqlite",
            "-D", "storage.sqlite.path=" + work.resolve("load-" + journal + ".db"));
        case "postgres" -> List.of("-D", "storage.backend=postgres",
            "-D", "storage.postgres.connection_url=" + Servers.postgresJdbcUrl(),
            "-D", "storage.postgres.schema=load_" + journal);
        case "memory" -> List.of("-D", "storage.backend=memory");
        default -> throw new IllegalArgumentException("no such backend here: " + backend);
      };
      results.add(run(jar, work, backend, journal, storage, events, seconds, connections));
    }
    StringBuilder md = new StringBuilder();
    md.append("| backend | journal | events/s | p50 ack | p99 ack | max ack | collector peak RSS | errors"
        + " | collector CPU per event | load generator CPU per event |\n")
        .append("|---|---|---|---|---|---|---|---|---|---|\n");
    for (Result r : results) {
      md.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | %.2f ms | %.2f ms | %.1f ms | %d MiB | %d | %.1f µs | %.1f µs |%n",
          r.backend, r.journal, r.eventsPerSecond, r.p50Millis, r.p99Millis, r.maxMillis, r.peakRssMib, r.errors,
          r.collectorCpuMicros, r.generatorCpuMicros));
    }
    md.append(String.format(Locale.ROOT, "%n%d connections, %d events per trace, at most %d requests unacknowledged"
        + " per connection, %d s warm-up then %d s measured per row; collector `%s`, load generator in the"
        + " benchmark JVM on the same cores; mean event JSON %d bytes.%n", connections, EVENTS_PER_TRACE, WINDOW,
        WARMUP_SECONDS, seconds, HEAP, events.stream().mapToInt(String::length).sum() / events.size()));
    Files.writeString(out, md);
    // The same figures as key=value lines, for the report's targets (beside the table: NAME.txt).
    StringBuilder values = new StringBuilder();
    for (Result r : results) {
      String k = r.backend + "_" + r.journal;
      values.append(String.format(Locale.ROOT, "%s_events_per_second=%.0f%n%s_p50_ms=%.3f%n%s_p99_ms=%.3f%n%s_errors=%d%n"
          + "%s_collector_cpu_us_per_event=%.2f%n%s_generator_cpu_us_per_event=%.2f%n",
          k, r.eventsPerSecond, k, r.p50Millis, k, r.p99Millis, k, r.errors, k, r.collectorCpuMicros, k,
          r.generatorCpuMicros));
    }
    String name = out.getFileName().toString();
    Files.writeString(out.resolveSibling(name.substring(0, name.lastIndexOf('.')) + ".txt"), values);
    System.out.print(md);
    System.exit(0); // the embedded PostgreSQL's non-daemon threads
  }

  /** The events of a few synthetic traces as standalone JSON objects (Reflow's TraceEvent form). */
  private static List<String> eventJson() throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    List<String> events = new ArrayList<>();
    for (FlowTrace trace : BenchData.traces(20)) {
      for (JsonNode event : mapper.readTree(TraceJson.write(trace)).get("events")) {
        events.add(mapper.writeValueAsString(event));
      }
    }
    return events;
  }

  private record Result(String backend, String journal, double eventsPerSecond, double p50Millis,
      double p99Millis, double maxMillis, long peakRssMib, long errors, double collectorCpuMicros,
      double generatorCpuMicros) {}

  private static Result run(Path jar, Path work, String backend, String journal, List<String> storage,
      List<String> events, int seconds, int connections) throws Exception {
    List<String> jvm = new ArrayList<>(List.of(HEAP, "-XX:+UseParallelGC"));
    String extra = System.getProperty("collector.jvm.options", "").strip(); // e.g. a JFR recording
    if (!extra.isEmpty()) {
      jvm.addAll(List.of(extra.split("\\s+")));
    }
    List<String> args = new ArrayList<>(storage);
    args.addAll(List.of("-D", "server.journal=" + journal,
        "-D", "server.journal_path=" + work.resolve("journal-" + backend + "-" + journal), "serve", "--port", "0"));
    List<String> cmd = CliJar.command(jar, jvm, args);
    Process collector = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    System.err.println(backend + " journal " + journal + ": collector pid " + collector.pid());
    try {
      URI url = URI.create(awaitListening(collector));
      Templates templates = Templates.of(events);
      EventLoopGroup group = new MultiThreadIoEventLoopGroup(Math.min(2, Runtime.getRuntime().availableProcessors()),
          NioIoHandler.newFactory());
      try {
        Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true);
        List<Connection> clients = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
          clients.add(new Connection(bootstrap, url, templates));
        }
        clients.forEach(Connection::start);
        Thread.sleep(TimeUnit.SECONDS.toMillis(WARMUP_SECONDS));
        long before = clients.stream().mapToLong(c -> c.acknowledgedEvents).sum();
        clients.forEach(c -> c.measuring = true);
        long start = System.nanoTime();
        long collectorCpuBefore = cpuNanos(collector.toHandle());
        long generatorCpuBefore = cpuNanos(ProcessHandle.current());
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        long after = clients.stream().mapToLong(c -> c.acknowledgedEvents).sum();
        long collectorCpu = cpuNanos(collector.toHandle()) - collectorCpuBefore;
        long generatorCpu = cpuNanos(ProcessHandle.current()) - generatorCpuBefore;
        double elapsed = (System.nanoTime() - start) / 1e9;
        clients.forEach(c -> c.measuring = false);
        long peakRss = CliJar.peakRssKib(collector.pid()) / 1024;
        for (Connection c : clients) {
          c.stop();
        }
        long[] latencies = clients.stream().flatMapToLong(c -> Arrays.stream(c.latencies())).sorted().toArray();
        long errors = clients.stream().mapToLong(c -> c.errors).sum();
        Result r = new Result(backend, journal, (after - before) / elapsed, percentile(latencies, 0.50),
            percentile(latencies, 0.99), latencies.length == 0 ? 0 : latencies[latencies.length - 1] / 1e6,
            peakRss, errors, perEvent(collectorCpu, after - before), perEvent(generatorCpu, after - before));
        System.err.println(r);
        return r;
      } finally {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
      }
    } finally {
      collector.destroy();
      if (!collector.waitFor(30, TimeUnit.SECONDS)) {
        collector.destroyForcibly();
      }
    }
  }

  /** A process's CPU time so far (user and system, every thread), or -1 where the OS does not say. */
  private static long cpuNanos(ProcessHandle process) {
    return process.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(-1L);
  }

  private static double perEvent(long cpuNanos, long events) {
    return cpuNanos < 0 || events == 0 ? Double.NaN : cpuNanos / 1e3 / events;
  }

  private static double percentile(long[] sortedNanos, double p) {
    if (sortedNanos.length == 0) {
      return 0;
    }
    return sortedNanos[(int) Math.min(sortedNanos.length - 1, Math.floor(p * sortedNanos.length))] / 1e6;
  }

  /** Reads the collector's output until it listens; its later output is drained and dropped. */
  private static String awaitListening(Process collector) throws IOException {
    BufferedReader reader = new BufferedReader(new InputStreamReader(collector.getInputStream(), StandardCharsets.UTF_8));
    List<String> seen = new ArrayList<>();
    for (String line; (line = reader.readLine()) != null; ) {
      seen.add(line);
      Matcher m = LISTENING.matcher(line);
      if (m.find()) {
        Thread drain = new Thread(() -> {
          try {
            while (reader.readLine() != null) {
              // dropped: only the start-up lines matter here
            }
          } catch (IOException e) {
            // the collector went away
          }
        }, "collector-output");
        drain.setDaemon(true);
        drain.start();
        return m.group(1);
      }
    }
    throw new IllegalStateException("the collector exited before listening:\n" + String.join("\n", seen));
  }

  /**
   * One client connection on a Netty WebSocket client, driven from its event loop: it opens with
   * {@link #WINDOW} requests and sends the next one as each reply comes back, so at most
   * {@link #WINDOW} are ever unacknowledged. Replies come in request order (the collector answers a
   * connection's requests in order), so each one is matched to the oldest request in flight and
   * checked against the reply that request must get; anything else (another type, a failure, a
   * reply with no request) is counted as an error.
   */
  private static final class Connection extends SimpleChannelInboundHandler<WebSocketFrame> {
    private final Templates templates;
    private final long[] sentAt = new long[WINDOW];
    private final byte[] kinds = new byte[WINDOW];
    private int head;
    private int outstanding;
    private long[] measured = new long[1 << 16];
    private int measuredCount;
    /** Written by the event loop only, read by the benchmark's main thread. */
    volatile long acknowledgedEvents;
    volatile long errors;
    volatile boolean measuring;
    private volatile boolean running = true;
    private final Channel channel;
    private final CompletableFuture<Void> open = new CompletableFuture<>();
    // The session being sent: its id's ASCII bytes, and the next request's position in it.
    private final byte[] traceId = new byte[36];
    private int step = -1;
    private int nextEvent;

    Connection(Bootstrap bootstrap, URI url, Templates templates) throws Exception {
      this.templates = templates;
      WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
          .webSocketUri(url)
          .handshakeTimeoutMillis(10_000)
          .withUTF8Validator(false) // replies are compared as bytes, never decoded
          .build();
      this.channel = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
        @Override
        protected void initChannel(SocketChannel ch) {
          ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(8192),
              new WebSocketClientProtocolHandler(config), Connection.this);
        }
      }).connect(url.getHost(), url.getPort()).sync().channel();
      open.get(10, TimeUnit.SECONDS);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
      if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
        open.complete(null);
      }
      super.userEventTriggered(ctx, evt);
    }

    void start() {
      channel.eventLoop().execute(() -> {
        while (outstanding < WINDOW) {
          sendNext();
        }
        channel.flush();
      });
    }

    void stop() {
      running = false;
      channel.close().awaitUninterruptibly(10, TimeUnit.SECONDS);
    }

    /** The latencies measured, in nanoseconds (after {@link #stop}). */
    long[] latencies() {
      return Arrays.copyOf(measured, measuredCount);
    }

    /** Writes the session's next request (not flushed): StartTrace, the events, EndTrace, again. */
    private void sendNext() {
      if (step < 0) {
        String id = UUID.randomUUID().toString();
        for (int i = 0; i < traceId.length; i++) {
          traceId[i] = (byte) id.charAt(i);
        }
        step = 0;
      }
      byte kind;
      Template t;
      if (step == 0) {
        kind = START;
        t = templates.start;
      } else if (step <= EVENTS_PER_TRACE) {
        kind = EVENT;
        t = templates.events.get(nextEvent);
        nextEvent = (nextEvent + 1) % templates.events.size();
      } else {
        kind = END;
        t = templates.end;
      }
      step = step > EVENTS_PER_TRACE ? -1 : step + 1;
      ByteBuf frame = channel.alloc().buffer(t.bytes.length);
      frame.writeBytes(t.bytes);
      frame.setBytes(t.idOffset, traceId);
      int slot = (head + outstanding) % WINDOW;
      sentAt[slot] = System.nanoTime();
      kinds[slot] = kind;
      outstanding++;
      channel.write(new TextWebSocketFrame(frame), channel.voidPromise());
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
      if (outstanding == 0) {
        errors++;
        return;
      }
      long latency = System.nanoTime() - sentAt[head];
      byte kind = kinds[head];
      head = (head + 1) % WINDOW;
      outstanding--;
      if (!(frame instanceof TextWebSocketFrame) || !frame.isFinalFragment() || !expected(kind, frame.content())) {
        if (errors++ < 3) {
          System.err.println("unexpected reply to a " + KIND_NAMES[kind] + " request: " + frame.getClass().getSimpleName()
              + " " + frame.content().toString(frame.content().readerIndex(), Math.min(300, frame.content().readableBytes()),
              StandardCharsets.UTF_8));
        }
      } else if (kind == EVENT) {
        acknowledgedEvents++;
      }
      if (measuring) {
        if (measuredCount == measured.length) {
          measured = Arrays.copyOf(measured, measured.length * 2);
        }
        measured[measuredCount++] = latency;
      }
      if (running) {
        sendNext();
      }
    }

    /** TraceStarted with this session's id for StartTrace, a successful EventRecorded otherwise. */
    private boolean expected(byte kind, ByteBuf reply) {
      if (kind != START) {
        return equalsAt(reply, reply.readerIndex(), RECORDED);
      }
      return reply.readableBytes() == TRACE_STARTED.length + traceId.length + 3 // then "}}
          && equalsAt(reply, reply.readerIndex(), TRACE_STARTED)
          // The session being sent is the one this StartTrace opened: a session is longer than the window.
          && equalsAt(reply, reply.readerIndex() + TRACE_STARTED.length, traceId);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      errors++;
      System.err.println("connection error: " + cause);
      open.completeExceptionally(cause);
      ctx.close();
    }
  }

  private static final byte START = 0;
  private static final byte EVENT = 1;
  private static final byte END = 2;
  private static final String[] KIND_NAMES = {"StartTrace", "RecordEvent", "EndTrace"};
  private static final byte[] RECORDED = "{\"EventRecorded\":{\"success\":true,\"error\":null}}".getBytes(StandardCharsets.UTF_8);
  private static final byte[] TRACE_STARTED = "{\"TraceStarted\":{\"trace_id\":\"".getBytes(StandardCharsets.UTF_8);

  private static boolean equalsAt(ByteBuf buf, int index, byte[] expected) {
    if (buf.writerIndex() - index < expected.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if (buf.getByte(index + i) != expected[i]) {
        return false;
      }
    }
    return true;
  }

  /** A request's bytes, encoded once, and where its 36-character trace id goes. */
  private record Template(byte[] bytes, int idOffset) {
    static Template of(String prefix, String suffix) {
      byte[] p = prefix.getBytes(StandardCharsets.UTF_8);
      byte[] s = (ZERO_ID + suffix).getBytes(StandardCharsets.UTF_8);
      byte[] all = Arrays.copyOf(p, p.length + s.length);
      System.arraycopy(s, 0, all, p.length, s.length);
      return new Template(all, p.length);
    }
  }

  private static final String ZERO_ID = "00000000-0000-0000-0000-000000000000";

  /** Every request of a session, as bytes: StartTrace, one RecordEvent per sample event, EndTrace. */
  private record Templates(Template start, List<Template> events, Template end) {
    static Templates of(List<String> events) {
      String version = "{\"major\":1,\"minor\":0,\"patch\":0,\"git_hash\":null,\"timestamp\":\"2026-06-01T10:00:00Z\"}";
      return new Templates(
          Template.of("{\"StartTrace\":{\"trace_id\":\"", "\",\"flow_id\":\"load\",\"version\":" + version + "}}"),
          events.stream().map(e -> Template.of("{\"RecordEvent\":{\"trace_id\":\"", "\",\"event\":" + e + "}}")).toList(),
          Template.of("{\"EndTrace\":{\"trace_id\":\"", "\",\"status\":\"Completed\"}}"));
    }
  }
}
