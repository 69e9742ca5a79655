package dev.reflow.trace.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reflow.trace.json.TraceJson;
import dev.reflow.trace.model.FlowTrace;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load benchmark of the collector as users run it: {@code reflow-trace serve} in a child JVM (the
 * CLI jar), driven over loopback by Reflow-style clients on the JDK's WebSocket, one JSON request
 * per Text frame. Each connection runs sessions back to back (StartTrace, {@link #EVENTS_PER_TRACE}
 * RecordEvents, EndTrace) with at most {@link #WINDOW} requests unacknowledged, as a network that
 * keeps sending while acknowledgements come back. Reported per configuration: events/s over the
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
  private static final int WARMUP_SECONDS = 5;
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
      String url = awaitListening(collector);
      HttpClient http = HttpClient.newHttpClient();
      List<Connection> clients = new ArrayList<>();
      for (int i = 0; i < connections; i++) {
        clients.add(new Connection(http, url, events, i));
      }
      clients.forEach(Connection::start);
      Thread.sleep(TimeUnit.SECONDS.toMillis(WARMUP_SECONDS));
      long before = clients.stream().mapToLong(c -> c.acknowledgedEvents.get()).sum();
      clients.forEach(c -> c.measuring = true);
      long start = System.nanoTime();
      long collectorCpuBefore = cpuNanos(collector.toHandle());
      long generatorCpuBefore = cpuNanos(ProcessHandle.current());
      Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
      long after = clients.stream().mapToLong(c -> c.acknowledgedEvents.get()).sum();
      long collectorCpu = cpuNanos(collector.toHandle()) - collectorCpuBefore;
      long generatorCpu = cpuNanos(ProcessHandle.current()) - generatorCpuBefore;
      double elapsed = (System.nanoTime() - start) / 1e9;
      clients.forEach(c -> c.measuring = false);
      long peakRss = CliJar.peakRssKib(collector.pid()) / 1024;
      for (Connection c : clients) {
        c.stop();
      }
      long[] latencies = clients.stream().flatMapToLong(c -> c.latencies.stream().mapToLong(Long::longValue))
          .sorted().toArray();
      long errors = clients.stream().mapToLong(c -> c.errors.get()).sum();
      Result r = new Result(backend, journal, (after - before) / elapsed, percentile(latencies, 0.50),
          percentile(latencies, 0.99), latencies.length == 0 ? 0 : latencies[latencies.length - 1] / 1e6,
          peakRss, errors, perEvent(collectorCpu, after - before), perEvent(generatorCpu, after - before));
      System.err.println(r);
      return r;
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
   * One client connection: a sender thread that keeps at most {@link #WINDOW} requests
   * unacknowledged, and a listener that matches each reply to the oldest request in flight (the
   * collector answers a connection's requests in order).
   */
  private static final class Connection implements WebSocket.Listener {
    private static final String VERSION = "{\"major\":1,\"minor\":0,\"patch\":0,\"git_hash\":null,"
        + "\"timestamp\":\"2026-06-01T10:00:00Z\"}";
    private final List<String> events;
    private final Semaphore window = new Semaphore(WINDOW);
    private final ConcurrentLinkedQueue<long[]> inFlight = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    final AtomicLong acknowledgedEvents = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    volatile boolean measuring;
    private volatile boolean running = true;
    private final WebSocket ws;
    private final Thread sender;
    private final StringBuilder text = new StringBuilder();

    Connection(HttpClient http, String url, List<String> events, int index) {
      this.events = events;
      this.ws = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
          .buildAsync(URI.create(url), this).join();
      this.sender = new Thread(this::sendSessions, "load-" + index);
    }

    void start() {
      sender.start();
    }

    void stop() throws InterruptedException {
      running = false;
      sender.join(TimeUnit.SECONDS.toMillis(30));
      ws.abort();
    }

    private void sendSessions() {
      int next = 0;
      try {
        while (running) {
          String id = UUID.randomUUID().toString();
          send("{\"StartTrace\":{\"trace_id\":\"" + id + "\",\"flow_id\":\"load\",\"version\":" + VERSION + "}}", false);
          for (int i = 0; i < EVENTS_PER_TRACE && running; i++) {
            send("{\"RecordEvent\":{\"trace_id\":\"" + id + "\",\"event\":" + events.get(next) + "}}", true);
            next = (next + 1) % events.size();
          }
          send("{\"EndTrace\":{\"trace_id\":\"" + id + "\",\"status\":\"Completed\"}}", false);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private void send(String json, boolean event) throws InterruptedException {
      window.acquire();
      inFlight.add(new long[] {System.nanoTime(), event ? 1 : 0});
      ws.sendText(json, true).join();
    }

    @Override
    public void onOpen(WebSocket webSocket) {
      webSocket.request(Long.MAX_VALUE);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        reply(text.toString());
        text.setLength(0);
      }
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      if (last) {
        reply("(binary)");
      }
      return null;
    }

    private void reply(String json) {
      long[] request = inFlight.poll();
      if (request == null) {
        errors.incrementAndGet();
        return;
      }
      if (json.contains("\"Error\"") || json.contains("\"success\":false")) {
        errors.incrementAndGet();
      } else if (request[1] == 1) {
        acknowledgedEvents.incrementAndGet();
      }
      if (measuring) {
        latencies.add(System.nanoTime() - request[0]);
      }
      window.release();
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      errors.incrementAndGet();
      System.err.println("connection error: " + error);
    }
  }
}
