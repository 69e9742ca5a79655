package dev.reflow.trace.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflow.trace.storage.StorageConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading Reflow's collector TOML and the collector's own keys. */
class CollectorConfigTest {
  @TempDir
  Path dir;

  @Test
  @DisplayName("Reflow's collector TOML: [server] read, [storage] left to storage, environment and overrides win in order")
  void toml_serverTable_precedence() throws Exception {
    Path file = dir.resolve("reflow_tracing.toml");
    Files.writeString(file, """
        [server]
        host = "0.0.0.0"
        port = 9000
        max_connections = 50
        on_disconnect = "keep"
        idle_timeout = "90s"
        max_in_flight_bytes = "64MiB"

        [storage]
        backend = "sqlite"

        [compression]
        enabled = true

        [otlp]
        enabled = false
        """);
    CollectorConfig c = CollectorConfig.fromMap(CollectorSettings.load(file, Map.of(), Map.of()));
    assertThat(c.host()).isEqualTo("0.0.0.0");
    assertThat(c.port()).isEqualTo(9000);
    assertThat(c.maxConnections()).isEqualTo(50);
    assertThat(c.onDisconnect()).isEqualTo(OnDisconnect.KEEP);
    assertThat(c.idleTimeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(c.maxInFlightBytes()).isEqualTo(64L << 20);

    CollectorConfig env = CollectorConfig.fromMap(CollectorSettings.load(file,
        Map.of("REFLOW_TRACING_PORT", "7000", "REFLOW_TRACING_AUTH_TOKEN", "s3cr3t-xyz"), Map.of("server.port", "7001")));
    assertThat(env.port()).as("an override wins over the environment, which wins over the file").isEqualTo(7001);
    assertThat(env.authToken()).isEqualTo("s3cr3t-xyz");
    assertThat(env.toString()).as("the token is never shown").doesNotContain("s3cr3t-xyz").contains("auth_token=****");
  }

  @Test
  @DisplayName("Defaults: 127.0.0.1:8080, on_disconnect failed, 10 min idle, 256 MiB, journal on under the state directory")
  void defaults() {
    CollectorConfig c = CollectorConfig.fromMap(Map.of());
    assertThat(c.host()).isEqualTo("127.0.0.1");
    assertThat(c.port()).isEqualTo(8080);
    assertThat(c.onDisconnect()).isEqualTo(OnDisconnect.FAILED);
    assertThat(c.idleTimeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(c.maxInFlightBytes()).isEqualTo(256L << 20);
    assertThat(c.journal()).isTrue();
    assertThat(c.resolvedJournalPath(Map.of("XDG_STATE_HOME", "/state")))
        .isEqualTo(Path.of("/state/reflow-trace/journal-127.0.0.1-8080"));
  }

  @Test
  @DisplayName("A bad value names the key and the value (never the token's)")
  void badValues_nameKeyAndValue() {
    assertThatThrownBy(() -> CollectorConfig.fromMap(Map.of("server.port", "eighty")))
        .isInstanceOf(StorageConfigurationException.class)
        .hasMessage("Invalid value for server.port=eighty. Must be an integer.");
    assertThatThrownBy(() -> CollectorConfig.fromMap(Map.of("server.on_disconnect", "crash")))
        .hasMessageContaining("server.on_disconnect=crash").hasMessageContaining("failed, completed or keep");
    assertThatThrownBy(() -> CollectorConfig.fromMap(Map.of("server.journal", "maybe")))
        .hasMessageContaining("server.journal=maybe");
  }

  @Test
  @DisplayName("[otlp] keys: file (with [otlp.headers] names as written) < OTLP_* environment < system properties < -D")
  void otlpKeys_precedence() throws Exception {
    Path file = dir.resolve("reflow_tracing.toml");
    Files.writeString(file, """
        [otlp]
        enabled = true
        endpoint = "http://file:4318"
        service_name = "from-file"
        max_queue = 10

        [otlp.headers]
        X-Scope-OrgID = "tenant-1"
        """);

    Map<String, String> keys = CollectorSettings.load(file,
        Map.of("OTLP_SERVICE_NAME", "from-env", "OTLP_MAX_QUEUE", "20", "otlp_timeout", "ignored (lower case)"),
        Map.of("otlp.max_queue", "30", "otlp.timeout", "5s", "user.home", "/x"),
        Map.of("otlp.timeout", "7s", "otlp.headers.Authorization", "Bearer x"));

    assertThat(keys).containsEntry("otlp.enabled", "true")
        .containsEntry("otlp.endpoint", "http://file:4318")
        .containsEntry("otlp.headers.X-Scope-OrgID", "tenant-1")
        .containsEntry("otlp.service_name", "from-env")
        .containsEntry("otlp.max_queue", "30")
        .containsEntry("otlp.timeout", "7s")
        .containsEntry("otlp.headers.Authorization", "Bearer x")
        .doesNotContainKey("user.home");
  }
}
