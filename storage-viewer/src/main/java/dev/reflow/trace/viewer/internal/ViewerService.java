package dev.reflow.trace.viewer.internal;

import dev.reflow.trace.collector.AccessToken;
import dev.reflow.trace.collector.LiveTraces;
import dev.reflow.trace.json.TraceJson;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.otlp.OtlpJson;
import dev.reflow.trace.otlp.OtlpMapping;
import dev.reflow.trace.storage.Redaction;
import dev.reflow.trace.storage.StorageConnectionException;
import dev.reflow.trace.storage.TraceQuery;
import dev.reflow.trace.storage.TraceStorage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The viewer's routes: the read-only API, {@code /healthz}, {@code /metrics} and the web page.
 * Requests run on a small pool of their own (storage calls block), bounded so that a flood gets
 * HTTP 503 instead of growing a queue. The API and {@code /metrics} need the auth token when one
 * is configured; the page's files and {@code /healthz} hold no data and are open.
 */
public final class ViewerService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ViewerService.class);
  private static final Set<String> RANGE_PARAMETERS = Set.of("since", "until");
  private static final String TRACE_PREFIX = "/api/traces/";
  private static final String OTLP_SUFFIX = "/otlp";

  private final TraceStorage storage;
  private final LiveTraces live;
  private final AccessToken token;
  private final Clock clock;
  private final WebAssets assets = new WebAssets();
  private final ViewerMetrics metrics;
  private final OtlpMapping otlp = new OtlpMapping();
  private final ThreadPoolExecutor executor;

  /**
   * @param live the collector's memory (in-flight traces are listed), or null for a store alone
   * @param authToken the token the API requires, or null for none
   */
  public ViewerService(TraceStorage storage, LiveTraces live, String authToken, Clock clock) {
    this.storage = storage;
    this.live = live;
    this.token = AccessToken.ofNullable(authToken);
    this.clock = clock;
    this.metrics = new ViewerMetrics(live);
    AtomicInteger n = new AtomicInteger();
    this.executor = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(256), r -> {
      Thread t = new Thread(r, "reflow-viewer-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    executor.allowCoreThreadTimeOut(true);
  }

  /** Answers the request on the viewer's pool and hands the response to {@code reply}. */
  void submit(HttpRequest request, Consumer<Response> reply) {
    try {
      executor.execute(() -> reply.accept(handle(request)));
    } catch (RejectedExecutionException e) {
      reply.accept(Response.json(503, ApiJson.error("busy", "the viewer is busy; retry shortly", null), "busy"));
    }
  }

  /** Answers one request (on the calling thread). */
  Response handle(HttpRequest request) {
    long start = System.nanoTime();
    Response response;
    String route = "unknown";
    try {
      QueryStringDecoder uri = new QueryStringDecoder(request.uri());
      route = routeName(uri.path());
      if (!request.method().equals(HttpMethod.GET)) {
        response = Response.json(405, ApiJson.error("method_not_allowed",
            "only GET is served; the viewer is read-only", null), route).withHeader("Allow", "GET");
      } else {
        response = route(uri, request, route);
      }
    } catch (ApiException e) {
      response = Response.json(e.status(), ApiJson.error(e.code(), e.getMessage(), e.parameter()), route);
    } catch (RuntimeException e) {
      metrics.storageError();
      boolean unreachable = e instanceof StorageConnectionException;
      LOG.warn("Viewer request for {} failed: {}", route, Redaction.redact(e.getClass().getName() + ": " + e.getMessage()));
      response = Response.json(unreachable ? 503 : 500, ApiJson.error(unreachable ? "storage_unavailable" : "internal_error",
          unreachable ? "the storage is not reachable; see the server log"
              : "the request failed in the server; see the server log", null), route);
    }
    metrics.request(response.route(), response.status(), System.nanoTime() - start);
    return response;
  }

  private static String routeName(String path) {
    if (path.equals("/api/traces")) {
      return "traces";
    } else if (path.startsWith(TRACE_PREFIX)) {
      return path.endsWith(OTLP_SUFFIX) ? "trace_otlp" : "trace";
    } else if (path.equals("/api/flows")) {
      return "flows";
    } else if (path.equals("/api/stats")) {
      return "stats";
    } else if (path.equals("/healthz")) {
      return "healthz";
    } else if (path.equals("/metrics")) {
      return "metrics";
    } else if (path.startsWith("/api/")) {
      return "unknown";
    }
    return "page";
  }

  private Response route(QueryStringDecoder uri, HttpRequest request, String route) {
    String path = uri.path();
    Map<String, List<String>> params = uri.parameters();
    if (route.equals("page")) {
      return page(path);
    }
    if (route.equals("healthz")) {
      QueryParameters.of(params, Set.of());
      return health();
    }
    if (token != null && !token.admits(request)) {
      return Response.json(401, ApiJson.error("unauthorized", "missing or wrong token: send Authorization: Bearer "
          + "<token> or add ?token=<token> (the collector's server.auth_token)", null), route)
          .withHeader("WWW-Authenticate", "Bearer");
    }
    switch (route) {
      case "traces" -> {
        return Response.json(200, TracesRoute.page(storage, live, params, clock), route);
      }
      case "trace", "trace_otlp" -> {
        QueryParameters.of(params, Set.of());
        return trace(path, route);
      }
      case "flows" -> {
        QueryParameters p = QueryParameters.of(params, RANGE_PARAMETERS);
        FlowScan.Result r = FlowScan.scan(storage, QueryParameters.build(p.filters(clock)));
        return Response.json(200, ApiJson.flows(r.flows(), r.truncated()), route);
      }
      case "stats" -> {
        QueryParameters.of(params, Set.of());
        return Response.json(200, ApiJson.stats(storage.backendName(), storage.stats(),
            live == null ? null : live.inFlight()), route);
      }
      case "metrics" -> {
        QueryParameters.of(params, Set.of());
        return Response.text(200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape(), route);
      }
      default -> throw ApiException.notFound("no such endpoint: " + QueryParameters.quote(path)
          + "; the API has /api/traces, /api/traces/{id}, /api/traces/{id}/otlp, /api/flows, /api/stats");
    }
  }

  private Response trace(String path, String route) {
    boolean otlpForm = route.equals("trace_otlp");
    String idText = path.substring(TRACE_PREFIX.length(), path.length() - (otlpForm ? OTLP_SUFFIX.length() : 0));
    TraceId id;
    try {
      id = TraceId.parse(idText);
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, "invalid_trace_id", "\"" + QueryParameters.quote(idText)
          + "\" is not a trace id (a UUID such as 36404882-85bd-4206-817e-b217fb4f7500)", null);
    }
    Optional<FlowTrace> inMemory = live == null ? Optional.empty() : live.get(id);
    if (otlpForm) {
      FlowTrace trace = inMemory.or(() -> storage.get(id)).orElseThrow(() -> unknown(id));
      byte[] body = OtlpJson.print(otlp.toRequest(trace)).getBytes(StandardCharsets.UTF_8);
      return Response.json(200, body, route)
          .withHeader("Content-Disposition", "attachment; filename=\"" + id + ".otlp.json\"");
    }
    byte[] json = inMemory.map(TraceJson::writeBytes).or(() -> storage.getJson(id)).orElseThrow(() -> unknown(id));
    return Response.json(200, json, route);
  }

  private static ApiException unknown(TraceId id) {
    return new ApiException(404, "trace_not_found", "no trace with id " + id, null);
  }

  private Response health() {
    try {
      storage.query(TraceQuery.builder().limit(1).build());
      return Response.json(200, ApiJson.health("ok", storage.backendName(), null), "healthz");
    } catch (RuntimeException e) {
      metrics.storageError();
      LOG.warn("Viewer health check failed: {}", Redaction.redact(e.getClass().getName() + ": " + e.getMessage()));
      return Response.json(503, ApiJson.health("unavailable", storage.backendName(),
          "the storage did not answer a one-trace query; see the server log"), "healthz");
    }
  }

  private Response page(String path) {
    String file;
    if (path.equals("/") || path.equals("/index.html")) {
      file = "index.html";
    } else if (path.startsWith("/traces/") && path.length() > "/traces/".length()
        && path.indexOf('/', "/traces/".length()) < 0) {
      file = "trace.html";
    } else if (path.startsWith("/assets/")) {
      file = path.substring("/assets/".length());
    } else {
      file = null;
    }
    WebAssets.Asset asset = file == null ? null : assets.get(file);
    if (asset == null) {
      throw ApiException.notFound("no such page: " + QueryParameters.quote(path));
    }
    return new Response(200, asset.contentType(), asset.body(), Map.of(), "page");
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
