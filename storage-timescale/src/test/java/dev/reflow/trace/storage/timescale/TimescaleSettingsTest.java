package dev.reflow.trace.storage.timescale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.StorageConfigurationException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which section the TimescaleDB backend reads, and the limits of its intervals; no server needed. */
class TimescaleSettingsTest {
  private static final String URL = "postgresql://reflow@db.internal/traces";

  private static TimescaleSettings settings(Map<String, String> keys) {
    return TimescaleSettings.from(StorageConfig.fromMap(keys));
  }

  @Test
  @DisplayName("With no URL anywhere, the error names storage.timescale.connection_url and the postgres fallback")
  void from_noUrl_namesTimescaleKeyAndFallback() {
    assertThatThrownBy(() -> settings(Map.of("storage.backend", "timescale")))
        .isInstanceOf(StorageConfigurationException.class)
        .hasMessage("Missing required configuration key storage.timescale.connection_url (environment variable "
            + "STORAGE_TIMESCALE_CONNECTION_URL). The timescale backend reads [storage.timescale] (or "
            + "[storage.timescaledb]), and Reflow's [storage.postgres] (storage.postgres.connection_url) when "
            + "neither is present.");
  }

  @Test
  @DisplayName("[storage.timescaledb], named after the alias, is read like [storage.timescale]")
  void from_aliasSection_isRead() {
    TimescaleSettings s = settings(Map.of("storage.timescaledb.connection_url", URL,
        "storage.timescaledb.chunk_time_interval", "1d", "storage.postgres.connection_url", "postgresql://other/x"));
    assertThat(s.pg().jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal/traces");
    assertThat(s.chunkInterval()).isEqualTo(Duration.ofDays(1));
    assertThat(s.pg().key("max_connections")).isEqualTo("storage.timescaledb.max_connections");
  }

  @Test
  @DisplayName("[storage.timescale] and [storage.timescaledb] together are refused: which one wins would be a guess")
  void from_bothSections_refused() {
    assertThatThrownBy(() -> settings(Map.of("storage.timescale.connection_url", URL,
        "storage.timescaledb.chunk_time_interval", "1d")))
        .isInstanceOf(StorageConfigurationException.class)
        .hasMessageContaining("Both [storage.timescale] and [storage.timescaledb] are set");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"chunk_time_interval", "retention", "compress_after"})
  @DisplayName("An interval beyond 100 years (1000000000d) is refused here, not by the database later")
  void from_hugeInterval_refused(String key) {
    assertThatThrownBy(() -> settings(Map.of("storage.timescale.connection_url", URL, "storage.timescale." + key,
        "1000000000d")))
        .isInstanceOf(StorageConfigurationException.class)
        .hasMessage("Invalid value for storage.timescale." + key + "=1000000000d. Must be a positive duration of at "
            + "most 36500d (100 years), such as 1h, 7d or 30d.");
    assertThat(settings(Map.of("storage.timescale.connection_url", URL, "storage.timescale.chunk_time_interval",
        "36500d")).chunkInterval()).isEqualTo(TimescaleSettings.MAX_INTERVAL);
  }

  @Test
  @DisplayName("compression_threshold=-7 is refused; -1 (never compress) is accepted")
  void from_negativeThreshold_refused() {
    assertThatThrownBy(() -> settings(Map.of("storage.timescale.connection_url", URL,
        "storage.timescale.compression_threshold", "-7")))
        .hasMessage("Invalid value for storage.timescale.compression_threshold=-7. Must be an integer between -1 and "
            + "2147483647.");
    assertThat(settings(Map.of("storage.timescale.connection_url", URL, "storage.timescale.compression_threshold", "-1"))
        .pg().compressionThreshold()).isEqualTo(-1);
  }
  @ParameterizedTest
  @ValueSource(strings = {"citus", "auto"})
  @DisplayName("A Citus distribution, in [storage.timescale] or in the [storage.postgres] fallback, is refused: hypertables and distributed tables do not combine")
  void from_citusDistribution_refused(String distribution) {
    assertThatThrownBy(() -> settings(Map.of("storage.timescale.connection_url", URL,
        "storage.timescale.distribution", distribution)))
        .isInstanceOf(StorageConfigurationException.class)
        .hasMessageStartingWith("Invalid value for storage.timescale.distribution=" + distribution
            + ". TimescaleDB hypertables and Citus distributed tables do not combine");
    assertThatThrownBy(() -> settings(Map.of("storage.postgres.connection_url", URL,
        "storage.postgres.distribution", distribution)))
        .isInstanceOf(StorageConfigurationException.class)
        .hasMessageContaining("storage.postgres.distribution=" + distribution)
        .hasMessageContaining("use storage.backend = \"postgres\" with distribution = \"citus\"");
    assertThat(settings(Map.of("storage.timescale.connection_url", URL, "storage.timescale.distribution", "none"))
        .pg().distribution()).isEqualTo(dev.reflow.trace.storage.postgres.PostgresSettings.Distribution.NONE);
  }
}
