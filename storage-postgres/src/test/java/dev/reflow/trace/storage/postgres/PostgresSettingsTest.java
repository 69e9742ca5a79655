package dev.reflow.trace.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.StorageConfigurationException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PostgresSettingsTest {

  private static PostgresSettings settings(Map<String, String> keys) {
    return PostgresSettings.from(StorageConfig.fromMap(keys).section("postgres"));
  }

  @Test
  @DisplayName("Defaults: 10 connections at most, 1 idle, 30 s acquire timeout, schema public, 1024-byte threshold")
  void from_onlyUrl_defaults() {
    PostgresSettings s = settings(Map.of("storage.postgres.connection_url", "postgresql://u:pw@localhost/db"));
    assertThat(s.maxConnections()).isEqualTo(10);
    assertThat(s.minConnections()).isEqualTo(1);
    assertThat(s.acquireTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.schema()).isEqualTo("public");
    assertThat(s.compressionThreshold()).isEqualTo(1024);
    assertThat(s.user()).contains("u");
    assertThat(s.password()).contains("pw");
    assertThat(s.toString()).doesNotContain("pw");
  }

  @Test
  @DisplayName("user and password keys take precedence over the URL's")
  void from_userAndPasswordKeys_override() {
    PostgresSettings s = settings(Map.of("storage.postgres.connection_url", "postgresql://u:pw@localhost/db",
        "storage.postgres.user", "other", "storage.postgres.password", "secret2"));
    assertThat(s.user()).contains("other");
    assertThat(s.password()).contains("secret2");
  }

  @Test
  @DisplayName("A missing connection_url names the key and its environment variable")
  void from_missingUrl_namesKey() {
    assertThatThrownBy(() -> settings(Map.of()))
        .isInstanceOf(StorageConfigurationException.class)
        .hasMessageContaining("storage.postgres.connection_url")
        .hasMessageContaining("STORAGE_POSTGRES_CONNECTION_URL");
  }

  @Test
  @DisplayName("Bad values name the key and the value, never the password")
  void from_badValues_nameKeyAndValue() {
    String url = "postgresql://u:hunter2@localhost/db";
    assertThatThrownBy(() -> settings(Map.of("storage.postgres.connection_url", url, "storage.postgres.max_connections", "abc")))
        .hasMessage("Invalid value for storage.postgres.max_connections=abc. Must be an integer between 1 and 10000.");
    assertThatThrownBy(() -> settings(Map.of("storage.postgres.connection_url", url, "storage.postgres.max_connections", "99999999999")))
        .hasMessage("Invalid value for storage.postgres.max_connections=99999999999. Must be an integer between 1 and 10000.");
    assertThatThrownBy(() -> settings(Map.of("storage.postgres.connection_url", url, "storage.postgres.compression_threshold", "-7")))
        .hasMessage("Invalid value for storage.postgres.compression_threshold=-7. Must be an integer between -1 and 2147483647.");
    assertThatThrownBy(() -> settings(Map.of("storage.postgres.connection_url", url, "storage.postgres.acquire_timeout_secs",
        "9223372036854775807")))
        .hasMessage("Invalid value for storage.postgres.acquire_timeout_secs=9223372036854775807. "
            + "Must be an integer between 1 and 86400.");
    assertThatThrownBy(() -> settings(Map.of("storage.postgres.connection_url", url, "storage.postgres.min_connections", "11")))
        .hasMessage("Invalid value for storage.postgres.min_connections=11. Must be an integer between 0 and 10.");
    assertThatThrownBy(() -> settings(Map.of("storage.postgres.connection_url", url, "storage.postgres.schema", "Bad-Name")))
        .hasMessageContaining("storage.postgres.schema=Bad-Name");
    assertThatThrownBy(() -> settings(Map.of("storage.postgres.connection_url", "mysql://u:hunter2@h/db")))
        .hasMessageContaining("storage.postgres.connection_url")
        .hasMessageNotContaining("hunter2");
  }
  private static final String URL = "postgresql://u:pw@localhost/db";

  @Test
  @DisplayName("distribution defaults to none with no shard count; none, citus and auto are read in any case")
  void from_distribution_parsed() {
    PostgresSettings plain = settings(Map.of("storage.postgres.connection_url", URL));
    assertThat(plain.distribution()).isEqualTo(PostgresSettings.Distribution.NONE);
    assertThat(plain.shardCount()).isEmpty();
    assertThat(settings(Map.of("storage.postgres.connection_url", URL, "storage.postgres.distribution", "Citus"))
        .distribution()).isEqualTo(PostgresSettings.Distribution.CITUS);
    assertThat(settings(Map.of("storage.postgres.connection_url", URL, "storage.postgres.distribution", "auto"))
        .distribution()).isEqualTo(PostgresSettings.Distribution.AUTO);
    PostgresSettings sharded = settings(Map.of("storage.postgres.connection_url", URL,
        "storage.postgres.distribution", "citus", "storage.postgres.shard_count", "48"));
    assertThat(sharded.shardCount()).hasValue(48);
    assertThat(sharded.toString()).contains("distribution=citus");
  }

  @Test
  @DisplayName("A bad distribution or shard_count, or a shard_count without Citus, fails naming the key and the value")
  void from_badDistribution_namesKeyAndValue() {
    assertThatThrownBy(() -> settings(Map.of("storage.postgres.connection_url", URL,
        "storage.postgres.distribution", "sharded")))
        .isInstanceOf(StorageConfigurationException.class)
        .hasMessage("Invalid value for storage.postgres.distribution=sharded. Must be none, citus or auto.");
    assertThatThrownBy(() -> settings(Map.of("storage.postgres.connection_url", URL,
        "storage.postgres.distribution", "citus", "storage.postgres.shard_count", "0")))
        .isInstanceOf(StorageConfigurationException.class)
        .hasMessage("Invalid value for storage.postgres.shard_count=0. Must be an integer between 1 and 64000.");
    assertThatThrownBy(() -> settings(Map.of("storage.postgres.connection_url", URL,
        "storage.postgres.distribution", "auto", "storage.postgres.shard_count", "many")))
        .isInstanceOf(StorageConfigurationException.class)
        .hasMessageStartingWith("Invalid value for storage.postgres.shard_count=many.");
    assertThatThrownBy(() -> settings(Map.of("storage.postgres.connection_url", URL,
        "storage.postgres.shard_count", "32")))
        .isInstanceOf(StorageConfigurationException.class)
        .hasMessage("Invalid value for storage.postgres.shard_count=32. Only Citus distributed tables have shards: "
            + "set storage.postgres.distribution = \"citus\" (or \"auto\") too, or remove storage.postgres.shard_count.");
  }
}
