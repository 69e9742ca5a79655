package dev.reflow.trace.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reflow.trace.json.TraceJson;
import dev.reflow.trace.model.ExecutionStatus;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.otlp.OtlpJson;
import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.TraceQuery;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.TraceStorages;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The HTTP API of {@code reflow-trace view} on SQLite, through the JDK HTTP client. */
class ViewerApiTest {
  static final String TOKEN = "s3cret-viewer-token";
  @TempDir
  static Path dir;
  static TraceStorage storage;
  static Viewer viewer;
  static Http http;
  static List<FlowTrace> seeded;

  @BeforeAll
  static void start() {
    storage = TraceStorages.open(StorageConfig.fromMap(Map.of("storage.backend", "sqlite",
        "storage.sqlite.database_path", dir.resolve("traces.db").toString())));
    seeded = SampleTraces.seed(250, 17);
    storage.storeAll(seeded);
    viewer = Viewer.start(storage, "127.0.0.1", 0, TOKEN);
    http = new Http(viewer.url(), TOKEN);
  }

  @AfterAll
  static void stop() {
    viewer.close();
    storage.close();
  }

  private static List<String> ids(JsonNode page) {
    List<String> ids = new ArrayList<>();
    page.get("traces").forEach(t -> ids.add(t.get("trace_id").asText()));
    return ids;
  }

  private static List<String> expected(TraceQuery q) {
    return storage.query(q).stream().map(t -> t.traceId().toString()).toList();
  }

  /** Every page of a listing, following next; asserts that the last page has next null. */
  private static List<String> allPages(String filters, int limit) {
    List<String> ids = new ArrayList<>();
    String after = null;
    for (int pages = 0; pages < 1000; pages++) {
      JsonNode page = http.json("/api/traces?limit=" + limit + filters + (after == null ? "" : "&after=" + Http.enc(after)), 200);
      assertThat(page.get("traces").size()).isLessThanOrEqualTo(limit);
      ids.addAll(ids(page));
      if (page.get("next").isNull()) {
        return ids;
      }
      assertThat(page.get("traces").size()).as("a page with a next cursor is full").isEqualTo(limit);
      after = page.get("next").asText();
    }
    throw new AssertionError("paging did not end");
  }

  @Test
  @DisplayName("paging by cursor returns each of 250 traces once, in the normative order; default limit 50")
  void paging_visitsEveryTraceOnceInOrder() {
    JsonNode first = http.json("/api/traces", 200);
    assertThat(first.get("traces").size()).isEqualTo(50);
    assertThat(first.get("next").isTextual()).isTrue();

    List<String> paged = allPages("", 40);
    assertThat(paged).hasSize(250);
    assertThat(new HashSet<>(paged)).hasSize(250);
    assertThat(paged).isEqualTo(expected(TraceQuery.all()));
    assertThat(allPages("", 1000)).isEqualTo(paged);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "&flow=order_ingest|flow",
      "&status=failed|status",
      "&status=Completed&flow=billing_run|status+flow",
      "&actor=transformer-2|actor",
      "&actor=img src|actor-xss",
      "&since=2026-03-14T10:00:00Z&until=2026-03-14T11:30:00.123456789Z|range",
      "&until=2026-03-14T09:30:00Z&status=FAILED|until+status"})
  @DisplayName("filters give what TraceQuery gives")
  void filters_matchTraceQuery(String filters, String name) {
    TraceQuery.Builder q = TraceQuery.builder();
    for (String pair : filters.substring(1).split("&")) {
      String[] kv = pair.split("=", 2);
      switch (kv[0]) {
        case "flow" -> q.flowId(kv[1]);
        case "status" -> q.status(ExecutionStatus.Kind.fromName(kv[1].substring(0, 1).toUpperCase() + kv[1].substring(1).toLowerCase()));
        case "actor" -> q.actorFilter(kv[1]);
        case "since" -> q.from(Instant.parse(kv[1]));
        case "until" -> q.to(Instant.parse(kv[1]));
        default -> throw new AssertionError(kv[0]);
      }
    }
    String encoded = java.util.Arrays.stream(filters.substring(1).split("&"))
        .map(p -> p.split("=", 2)[0] + "=" + Http.enc(p.split("=", 2)[1])).collect(Collectors.joining("&", "&", ""));
    List<String> want = expected(q.build());
    assertThat(want).as("the filter %s matches some but not all traces", name).isNotEmpty().hasSizeLessThan(250);
    assertThat(allPages(encoded, 7)).isEqualTo(want);
  }

  @Test
  @DisplayName("ViewerApi.traces answers what GET /api/traces answers, and throws the 400's message")
  void viewerApi_sameAnswerWithoutHttp() {
    Map<String, List<String>> params = Map.of("status", List.of("failed"), "limit", List.of("9"));
    assertThat(ViewerApi.traces(storage, params, java.time.Clock.systemUTC()))
        .isEqualTo(http.get("/api/traces?status=failed&limit=9").body());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ViewerApi.traces(storage, Map.of("limit", List.of("0")),
        java.time.Clock.systemUTC())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit 0");
  }

  @Test
  @DisplayName("the execution filter and relative ages work like the CLI's")
  void executionAndAges() {
    FlowTrace one = seeded.get(42);
    JsonNode page = http.json("/api/traces?execution=" + one.executionId(), 200);
    assertThat(ids(page)).containsExactly(one.traceId().toString());
    // Seeded in 2026-03: an age of 1 hour from now finds none of them, an age of 100000 days all.
    assertThat(http.json("/api/traces?since=1h", 200).get("traces").size()).isZero();
    assertThat(http.json("/api/traces?since=100000d&limit=1000", 200).get("traces").size()).isEqualTo(250);
  }

  @Test
  @DisplayName("a summary has the trace's id, flow, Reflow status, times, event count and failing actor")
  void summary_fields() {
    Map<String, FlowTrace> byId = seeded.stream().collect(Collectors.toMap(t -> t.traceId().toString(), Function.identity()));
    JsonNode page = http.json("/api/traces?limit=20&status=failed", 200);
    JsonNode s = page.get("traces").get(0);
    FlowTrace t = byId.get(s.get("trace_id").asText());
    assertThat(s.get("flow_id").asText()).isEqualTo(t.flowId().value());
    assertThat(s.get("execution_id").asText()).isEqualTo(t.executionId().toString());
    assertThat(s.get("status").toString()).isEqualTo(TraceJson.writeStatus(t.status()));
    assertThat(s.get("status").get("Failed").get("error").asText()).startsWith("actor ");
    assertThat(s.get("start_time").asText()).isEqualTo(t.startTime().toString());
    assertThat(s.get("end_time").asText()).isEqualTo(t.endTime().toString());
    assertThat(s.get("event_count").asInt()).isEqualTo(t.events().size());
    assertThat(s.get("failed_actor").asText()).isEqualTo(t.events().get(t.events().size() - 1).actorId());
    assertThat(s.get("in_flight").asBoolean()).isFalse();
    JsonNode ok = http.json("/api/traces?limit=1&status=completed", 200).get("traces").get(0);
    assertThat(ok.get("status").asText()).isEqualTo("Completed");
    assertThat(ok.get("failed_actor").isNull()).isTrue();
  }

  @Test
  @DisplayName("/api/traces/{id} answers the stored bytes (as reflow-trace get), 404 for unknown, 400 for malformed")
  void trace_byId() {
    FlowTrace t = seeded.get(7);
    HttpResponse<byte[]> r = http.get("/api/traces/" + t.traceId());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
    assertThat(r.body()).isEqualTo(storage.getJson(t.traceId()).orElseThrow());
    assertThat(http.get("/api/traces/" + t.traceId().toString().toUpperCase()).body()).isEqualTo(r.body());

    JsonNode missing = http.json("/api/traces/00000000-0000-4000-8000-000000000000", 404);
    assertThat(missing.at("/error/code").asText()).isEqualTo("trace_not_found");
    JsonNode bad = http.json("/api/traces/not-a-uuid", 400);
    assertThat(bad.at("/error/code").asText()).isEqualTo("invalid_trace_id");
    assertThat(bad.at("/error/message").asText()).contains("not-a-uuid").contains("not a trace id");
  }

  @Test
  @DisplayName("/api/traces/{id}/otlp is the OTLP JSON of the trace, as a download")
  void trace_otlp() throws Exception {
    FlowTrace t = seeded.get(9);
    HttpResponse<byte[]> r = http.get("/api/traces/" + t.traceId() + "/otlp");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-disposition")).hasValue("attachment; filename=\"" + t.traceId() + ".otlp.json\"");
    var request = OtlpJson.parse(new String(r.body(), StandardCharsets.UTF_8));
    int spans = request.getResourceSpansList().stream().flatMap(rs -> rs.getScopeSpansList().stream())
        .mapToInt(ss -> ss.getSpansCount()).sum();
    assertThat(spans).isGreaterThanOrEqualTo(t.events().size());
    assertThat(http.json("/api/traces/00000000-0000-4000-8000-000000000000/otlp", 404).at("/error/code").asText())
        .isEqualTo("trace_not_found");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "/api/traces?limit=0|limit",
      "/api/traces?limit=1001|limit",
      "/api/traces?limit=ten|limit",
      "/api/traces?limit=99999999999999999999|limit",
      "/api/traces?status=exploded|status",
      "/api/traces?since=yesterday|since",
      "/api/traces?until=2026-13-01T00:00:00Z|until",
      "/api/traces?since=2026-03-15T00:00:00Z&until=2026-03-14T00:00:00Z|since",
      "/api/traces?after=garbage|after",
      "/api/traces?after=12/not-a-uuid|after",
      "/api/traces?execution=nope|execution",
      "/api/traces?flow=a&flow=b|flow",
      "/api/traces?colour=red|colour",
      "/api/traces/00000000-0000-4000-8000-000000000000?verbose=1|verbose",
      "/api/stats?x=1|x",
      "/api/flows?limit=3|limit"})
  @DisplayName("bad parameters get a typed 400 naming the parameter, never a stack trace")
  void badParameters(String path, String parameter) {
    HttpResponse<byte[]> r = http.get(path);
    String body = new String(r.body(), StandardCharsets.UTF_8);
    assertThat(r.statusCode()).as(body).isEqualTo(400);
    JsonNode error = http.json(path, 400).get("error");
    assertThat(error.get("code").asText()).isEqualTo("invalid_parameter");
    assertThat(error.get("parameter").asText()).isEqualTo(parameter);
    assertThat(error.get("message").asText()).isNotBlank();
    assertThat(body).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("dev.reflow");
  }

  @Test
  @DisplayName("an error quotes a value with its credentials masked and shortened")
  void errors_neverEchoCredentials() {
    String body = new String(http.get("/api/traces?since=" + Http.enc("postgresql://u:hunter2@db/x?password=hunter3")).body(),
        StandardCharsets.UTF_8);
    assertThat(body).doesNotContain("hunter2").doesNotContain("hunter3").contains("****");
    String longValue = "x".repeat(5000);
    assertThat(http.get("/api/traces?status=" + longValue).body().length).isLessThan(500);
  }

  @Test
  @DisplayName("auth: the API and /metrics need the token (bearer or ?token=); the page and /healthz do not")
  void auth() {
    Http anonymous = http.withToken(null);
    JsonNode refused = anonymous.json("/api/traces", 401);
    assertThat(refused.at("/error/code").asText()).isEqualTo("unauthorized");
    assertThat(anonymous.get("/api/traces").headers().firstValue("www-authenticate")).hasValue("Bearer");
    HttpResponse<byte[]> wrong = http.withToken("guess-" + TOKEN).get("/api/stats");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(new String(wrong.body(), StandardCharsets.UTF_8)).doesNotContain("guess-").doesNotContain(TOKEN);
    assertThat(anonymous.get("/metrics").statusCode()).isEqualTo(401);
    assertThat(anonymous.get("/api/traces/" + seeded.get(0).traceId()).statusCode()).isEqualTo(401);
    assertThat(anonymous.get("/api/traces?token=" + TOKEN).statusCode()).isEqualTo(200);
    assertThat(anonymous.get("/api/traces?token=wrong").statusCode()).isEqualTo(401);
    assertThat(anonymous.get("/").statusCode()).isEqualTo(200);
    assertThat(anonymous.get("/healthz").statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("/api/flows counts each flow's traces and failures with its last run; /api/stats and /healthz")
  void flowsStatsHealth() {
    JsonNode flows = http.json("/api/flows", 200);
    assertThat(flows.get("truncated").asBoolean()).isFalse();
    Map<String, List<FlowTrace>> byFlow = seeded.stream().collect(Collectors.groupingBy(t -> t.flowId().value()));
    assertThat(flows.get("flows").size()).isEqualTo(byFlow.size());
    for (JsonNode f : flows.get("flows")) {
      List<FlowTrace> ts = byFlow.get(f.get("flow_id").asText());
      assertThat(f.get("trace_count").asLong()).isEqualTo(ts.size());
      assertThat(f.get("failed_count").asLong()).isEqualTo(ts.stream().filter(t -> t.status().kind() == ExecutionStatus.Kind.FAILED).count());
      assertThat(f.get("last_start_time").asText()).isEqualTo(ts.stream().map(FlowTrace::startTime).max(Comparable::compareTo).orElseThrow()
          .truncatedToMicros().toString());
    }
    assertThat(http.json("/api/flows?since=2026-03-14T12:00:00Z", 200).at("/flows/0/trace_count").asLong())
        .isLessThan(byFlow.get("order_ingest").size());

    JsonNode stats = http.json("/api/stats", 200);
    assertThat(stats.get("backend").asText()).isEqualTo("sqlite");
    assertThat(stats.get("total_traces").asLong()).isEqualTo(250);
    assertThat(stats.get("total_events").asLong()).isEqualTo(seeded.stream().mapToLong(t -> t.events().size()).sum());
    assertThat(stats.get("in_flight").isNull()).isTrue();

    JsonNode health = http.json("/healthz", 200);
    assertThat(health.get("status").asText()).isEqualTo("ok");
  }

  @Test
  @DisplayName("/metrics is Prometheus text with request latencies by route and status")
  void metrics() {
    http.get("/api/traces?limit=3");
    http.get("/api/traces?limit=0");
    HttpResponse<byte[]> r = http.get("/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type").orElseThrow()).startsWith("text/plain");
    String text = new String(r.body(), StandardCharsets.UTF_8);
    assertThat(text).contains("# TYPE reflow_viewer_requests_seconds summary")
        .containsPattern("reflow_viewer_requests_seconds_count\\{route=\"traces\",status=\"200\"} [1-9]")
        .containsPattern("reflow_viewer_requests_seconds_count\\{route=\"traces\",status=\"400\"} [1-9]")
        .contains("reflow_viewer_storage_errors_total 0.0");
  }

  @Test
  @DisplayName("the page is served from the jar with a CSP that forbids inline scripts; POST is refused")
  void page_andMethods() {
    Http anonymous = http.withToken(null);
    HttpResponse<byte[]> index = anonymous.get("/");
    assertThat(new String(index.body(), StandardCharsets.UTF_8)).contains("<script src=\"/assets/list.js\"");
    String csp = index.headers().firstValue("content-security-policy").orElseThrow();
    assertThat(csp).contains("script-src 'self'").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
    assertThat(index.headers().firstValue("x-content-type-options")).hasValue("nosniff");
    HttpResponse<byte[]> tracePage = anonymous.get("/traces/" + seeded.get(0).traceId());
    assertThat(new String(tracePage.body(), StandardCharsets.UTF_8)).contains("<script src=\"/assets/trace.js\"");
    assertThat(anonymous.get("/assets/list.js").headers().firstValue("content-type")).hasValue("text/javascript; charset=utf-8");
    assertThat(anonymous.json("/assets/nope.js", 404).at("/error/code").asText()).isEqualTo("not_found");
    assertThat(http.json("/api/nothing", 404).at("/error/code").asText()).isEqualTo("not_found");
    JsonNode tooLong = http.json("/api/traces?flow=" + "f".repeat(5000), 400);
    assertThat(tooLong.at("/error/code").asText()).isEqualTo("bad_request");
    HttpResponse<byte[]> post = http.send("POST", "/api/traces");
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("allow")).hasValue("GET");
  }
}
