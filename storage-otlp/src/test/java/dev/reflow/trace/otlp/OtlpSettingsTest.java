package dev.reflow.trace.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflow.trace.storage.StorageConfigurationException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OtlpSettingsTest {
  @Test
  void defaultsAreUpstreamsWithOpenTelemetrysEndpointAndRetries() {
    OtlpSettings s = OtlpSettings.defaults();
    assertThat(s.enabled()).isFalse();
    assertThat(s.endpoint()).isEqualTo(URI.create("http://localhost:4318"));
    assertThat(s.serviceName()).isEqualTo("reflow");
    assertThat(s.protocol()).isEqualTo(OtlpExporter.Protocol.HTTP_JSON);
    assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.gzip()).isFalse();
    assertThat(s.maxBatchTraces()).isEqualTo(32);
    assertThat(s.maxQueue()).isEqualTo(1024);
    assertThat(s.mappingOptions()).isEqualTo(OtlpMapping.Options.UPSTREAM);
  }

  @Test
  void readsEveryKey() {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("otlp.enabled", "true");
    keys.put("otlp.endpoint", "https://tempo.example:4318/");
    keys.put("otlp.service_name", "orders");
    keys.put("otlp.protocol", "http/protobuf");
    keys.put("otlp.headers", "Authorization=Bearer%20abc,X-Scope-OrgID=tenant-1");
    keys.put("otlp.headers.X-Extra", "1");
    keys.put("otlp.timeout", "3s");
    keys.put("otlp.compression", "gzip");
    keys.put("otlp.max_batch_traces", "8");
    keys.put("otlp.max_queue", "100");
    keys.put("otlp.max_attempts", "2");
    keys.put("otlp.custom_attributes", "true");
    keys.put("otlp.metrics", "on");
    keys.put("otlp.resource_attributes", "deployment.environment=prod");
    keys.put("server.port", "9000");

    OtlpSettings s = OtlpSettings.fromMap(keys);

    assertThat(s.enabled()).isTrue();
    assertThat(s.endpoint()).isEqualTo(URI.create("https://tempo.example:4318/"));
    assertThat(s.serviceName()).isEqualTo("orders");
    assertThat(s.protocol()).isEqualTo(OtlpExporter.Protocol.HTTP_PROTOBUF);
    assertThat(s.headers()).containsExactly(Map.entry("Authorization", "Bearer abc"),
        Map.entry("X-Scope-OrgID", "tenant-1"), Map.entry("X-Extra", "1"));
    assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(s.gzip()).isTrue();
    assertThat(s.maxBatchTraces()).isEqualTo(8);
    assertThat(s.maxQueue()).isEqualTo(100);
    assertThat(s.maxAttempts()).isEqualTo(2);
    assertThat(s.mappingOptions()).isEqualTo(new OtlpMapping.Options(true, true, Map.of("deployment.environment", "prod")));
    assertThat(s.exporterConfig().headers()).isEqualTo(s.headers());
    assertThat(s.toString()).contains("Authorization=****").doesNotContain("abc").doesNotContain("tenant-1");
    assertThat(OtlpSettings.unknownKeys(keys)).isEmpty();
  }

  @Test
  void invalidValuesNameTheKeyAndNeverShowHeaderValues() {
    assertThatThrownBy(() -> OtlpSettings.fromMap(Map.of("otlp.max_queue", "0")))
        .isInstanceOf(StorageConfigurationException.class).hasMessage(
            "Invalid value for otlp.max_queue=0. Must be a positive integer.");
    assertThatThrownBy(() -> OtlpSettings.fromMap(Map.of("otlp.protocol", "grpc")))
        .hasMessageContaining("otlp.protocol=grpc").hasMessageContaining("http/protobuf");
    assertThatThrownBy(() -> OtlpSettings.fromMap(Map.of("otlp.endpoint", "localhost:4318")))
        .hasMessageContaining("otlp.endpoint").hasMessageContaining("http or https URL");
    assertThatThrownBy(() -> OtlpSettings.fromMap(Map.of("otlp.compression", "zstd")))
        .hasMessage("Invalid value for otlp.compression=zstd. Must be gzip or none.");
    assertThatThrownBy(() -> OtlpSettings.fromMap(Map.of("otlp.timeout", "soon")))
        .hasMessageContaining("otlp.timeout=soon");
    assertThatThrownBy(() -> OtlpSettings.fromMap(Map.of("otlp.headers", "Authorization=Bearer s3cret,broken-s3cret")))
        .hasMessageContaining("otlp.headers: entry 2 is not name=value").hasMessageNotContaining("s3cret");
    assertThatThrownBy(() -> OtlpSettings.fromMap(Map.of("otlp.resource_attributes", "service.name=x")))
        .hasMessageContaining("otlp.service_name");
  }

  @Test
  void unknownKeysAreWarnedByNameOnly() {
    assertThat(OtlpSettings.unknownKeys(Map.of("otlp.endpont", "http://x", "otlp.enabled", "true", "server.x", "1")))
        .singleElement().asString().contains("otlp.endpont").doesNotContain("http://x");
  }
}
