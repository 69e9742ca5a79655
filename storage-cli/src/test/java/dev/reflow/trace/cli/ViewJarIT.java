package dev.reflow.trace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.TraceStorages;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reflow-trace view} as a real process over a SQLite file, with the auth token from the environment. */
class ViewJarIT {
  private static final Pattern READY = Pattern.compile("^viewer on (http://\\S+/)$");

  @TempDir
  Path dir;

  @Test
  @DisplayName("view prints 'viewer on http://H:P/', serves the page and the API (token from REFLOW_TRACING_AUTH_TOKEN), stops on SIGTERM")
  void view_servesStoredTraces() throws Exception {
    Path db = dir.resolve("reflow-traces.db");
    List<FlowTrace> traces = Traces.some(3);
    try (TraceStorage storage = TraceStorages.open(StorageConfig.fromMap(Map.of("storage.backend", "sqlite",
        "storage.sqlite.database_path", db.toString())))) {
      storage.storeAll(traces);
    }
    Path jar = Path.of(System.getProperty("reflow.trace.jar", "target/reflow-trace.jar"));
    ProcessBuilder pb = new ProcessBuilder(JavaProcess.jarCommand(jar, "view", "--port", "0")).directory(dir.toFile());
    pb.environment().put("REFLOW_TRACING_AUTH_TOKEN", "view-it-token-123");
    Process p = pb.start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      assertThat(line).as("first line of view").isNotNull();
      Matcher m = READY.matcher(line);
      assertThat(m.matches()).as(line).isTrue();
      String base = m.group(1);
      assertThat(base).startsWith("http://127.0.0.1:");
      HttpClient client = HttpClient.newHttpClient();
      HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create(base)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("/assets/list.js");
      HttpResponse<String> refused = client.send(HttpRequest.newBuilder(URI.create(base + "api/traces")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(refused.statusCode()).isEqualTo(401);
      HttpResponse<String> list = client.send(HttpRequest.newBuilder(URI.create(base + "api/traces"))
          .header("Authorization", "Bearer view-it-token-123").build(), HttpResponse.BodyHandlers.ofString());
      assertThat(list.statusCode()).isEqualTo(200);
      for (FlowTrace t : traces) {
        assertThat(list.body()).contains(t.traceId().toString());
      }
      p.destroy();
      assertThat(p.waitFor(15, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).isZero();
    } finally {
      p.destroyForcibly();
    }
  }
}
