package dev.reflow.trace.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StorageConfigTest {

  private static StorageConfig of(String key, String value) {
    return StorageConfig.fromMap(Map.of(key, value));
  }

  @Test
  @DisplayName("typed getters read values and fall back to defaults for absent keys")
  void getters_presentAndAbsent_valuesAndDefaults() {
    StorageConfig config = StorageConfig.fromMap(Map.of(
        "storage.postgres.max_connections", 20,
        "storage.postgres.acquire_timeout_secs", "30",
        "storage.sqlite.wal_mode", "TRUE",
        "storage.memory.max_traces", 10_000L));
    StorageConfig.Section pg = config.section("postgres");

    assertThat(pg.getInt("max_connections", 10)).isEqualTo(20);
    assertThat(pg.getInt("min_connections", 1)).isEqualTo(1);
    assertThat(pg.getDuration("acquire_timeout_secs", Duration.ZERO)).isEqualTo(Duration.ofSeconds(30));
    assertThat(pg.getDuration("idle_timeout", Duration.ofMinutes(10))).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.section("sqlite").getBoolean("wal_mode", false)).isTrue();
    assertThat(config.section("memory").getLong("max_traces", 0)).isEqualTo(10_000L);
    assertThat(config.section("mongodb").getString("collection_name", "traces")).isEqualTo("traces");
    assertThat(pg.key("max_connections")).isEqualTo("storage.postgres.max_connections");
  }

  @Test
  @DisplayName("keys are case-insensitive and trimmed, in maps and in lookups")
  void keys_mixedCase_normalized() {
    StorageConfig config = StorageConfig.fromMap(Map.of(" Storage.SQLite.Database_Path ", " a.db "));

    assertThat(config.asMap()).containsOnlyKeys("storage.sqlite.database_path");
    assertThat(config.get("STORAGE.SQLITE.DATABASE_PATH")).contains("a.db");
    assertThat(config.section("SQLite").require("database_path")).isEqualTo("a.db");
    assertThat(config.with("Storage.Backend", "Memory").backend()).contains("memory");
  }

  @Test
  @DisplayName("the example from the style guide: a bad integer names key and value")
  void getInt_notANumber_namesKeyAndValue() {
    StorageConfig config = of("storage.postgres.max_connections", "abc");

    assertThatThrownBy(() -> config.section("postgres").getInt("max_connections", 10))
        .isExactlyInstanceOf(StorageConfigurationException.class)
        .hasMessage("Invalid value for storage.postgres.max_connections=abc. Must be an integer.");
  }

  @ParameterizedTest
  @CsvSource({"12.5", "1e3", "1 000", "0x10", "ten"})
  @DisplayName("non-integers are rejected by getLong too")
  void getLong_nonInteger_rejected(String value) {
    StorageConfig config = of("storage.memory.max_traces", value);

    assertThatThrownBy(() -> config.getLong("storage.memory.max_traces", 1))
        .hasMessage("Invalid value for storage.memory.max_traces=" + value.trim() + ". Must be an integer.");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"0", "10001", "99999999999", "-99999999999999999999", "many", "2.5"})
  @DisplayName("a ranged integer outside its range, however large, or not an integer names the range the key allows")
  void getIntRange_outside_namesTheKeysRange(String value) {
    StorageConfig config = of("storage.postgres.max_connections", value);
    assertThatThrownBy(() -> config.section("postgres").getInt("max_connections", 10, 1, 10_000))
        .isInstanceOf(StorageConfigurationException.class)
        .hasMessage("Invalid value for storage.postgres.max_connections=" + value + ". Must be an integer between 1 and 10000.");
    assertThat(of("storage.postgres.max_connections", "10000").getInt("storage.postgres.max_connections", 10, 1, 10_000))
        .isEqualTo(10_000);
    assertThat(StorageConfig.empty().getLong("storage.x.y", 7L, 1, 9)).as("default when absent").isEqualTo(7L);
  }

  @Test
  @DisplayName("an integer out of int range says so instead of 'not an integer'")
  void getInt_outOfRange_saysRange() {
    StorageConfig config = of("storage.postgres.max_connections", "3000000000");

    assertThatThrownBy(() -> config.getInt("storage.postgres.max_connections", 1))
        .hasMessage("Invalid value for storage.postgres.max_connections=3000000000. "
            + "Must be an integer between -2147483648 and 2147483647.");
    assertThat(config.getLong("storage.postgres.max_connections", 1)).isEqualTo(3_000_000_000L);
  }

  @Test
  @DisplayName("a bad boolean names key and value")
  void getBoolean_bad_namesKeyAndValue() {
    assertThatThrownBy(() -> of("storage.sqlite.wal_mode", "maybe").getBoolean("storage.sqlite.wal_mode", true))
        .hasMessage("Invalid value for storage.sqlite.wal_mode=maybe. Must be true or false.");
  }

  @ParameterizedTest
  @CsvSource({"true,true", "False,false", "yes,true", "NO,false", "on,true", "off,false", "1,true", "0,false"})
  @DisplayName("booleans in the usual spellings")
  void getBoolean_spellings_parsed(String value, boolean expected) {
    assertThat(of("storage.sqlite.wal_mode", value).getBoolean("storage.sqlite.wal_mode", !expected)).isEqualTo(expected);
  }

  @Test
  @DisplayName("a bad duration names key and value")
  void getDuration_bad_namesKeyAndValue() {
    assertThatThrownBy(() -> of("storage.postgres.acquire_timeout_secs", "-3s")
        .getDuration("storage.postgres.acquire_timeout_secs", Duration.ZERO))
        .hasMessage("Invalid value for storage.postgres.acquire_timeout_secs=-3s. "
            + "Must be a non-negative duration such as 90s, 15m, 2h, 7d or PT15M.");
  }

  @Test
  @DisplayName("a missing required key says which key and which variable")
  void require_missing_namesKeyAndVariable() {
    assertThatThrownBy(() -> StorageConfig.empty().section("postgres").require("connection_url"))
        .isExactlyInstanceOf(StorageConfigurationException.class)
        .hasMessage("Missing required configuration key storage.postgres.connection_url "
            + "(environment variable STORAGE_POSTGRES_CONNECTION_URL)");
  }

  @Test
  @DisplayName("a blank required key counts as missing")
  void require_blank_missing() {
    assertThatThrownBy(() -> of("storage.postgres.connection_url", "  ").require("storage.postgres.connection_url"))
        .hasMessageStartingWith("Missing required configuration key storage.postgres.connection_url");
  }

  @Test
  @DisplayName("invalid-value messages never show a URL password or a secret key's value")
  void invalid_urlOrSecret_redacted() {
    StorageConfig config = StorageConfig.fromMap(Map.of(
        "storage.postgres.max_connections", "postgresql://u:hunter2@h/db",
        "storage.postgres.password", "hunter2"));

    assertThatThrownBy(() -> config.getInt("storage.postgres.max_connections", 1))
        .hasMessage("Invalid value for storage.postgres.max_connections=postgresql://u:****@h/db. Must be an integer.");
    assertThatThrownBy(() -> config.getInt("storage.postgres.password", 1))
        .hasMessage("Invalid value for storage.postgres.password=****. Must be an integer.");
    assertThat(config.section("postgres").invalid("password", "hunter2", "Too short.").getMessage())
        .isEqualTo("Invalid value for storage.postgres.password=****. Too short.");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "postgresql://reflow:hunter2@db:5432/traces",
      "jdbc:postgresql://db/traces?user=reflow&password=hunter2",
      "mongodb://reflow:hunter2@h1,h2/traces",
      "mongodb+srv://reflow:hunter2@cluster0.example.net/traces",
  })
  @DisplayName("toString never shows credentials")
  void toString_credentials_redacted(String url) {
    StorageConfig config = StorageConfig.fromMap(Map.of(
        "storage.backend", "postgres",
        "storage.postgres.connection_url", url,
        "storage.mongodb.password", "hunter2"));

    assertThat(config.toString())
        .doesNotContain("hunter2")
        .contains("storage.backend=postgres")
        .contains("storage.mongodb.password=****")
        .contains("reflow");
  }

  @Test
  @DisplayName("fromProperties, with(), overriddenBy() and hasSection()")
  void builders_combine() {
    Properties props = new Properties();
    props.setProperty("storage.backend", "sqlite");
    StorageConfig base = StorageConfig.fromProperties(props).with("storage.sqlite.database_path", "a.db");
    StorageConfig merged = base.overriddenBy(StorageConfig.fromMap(Map.of("storage.sqlite.database_path", "b.db")));

    assertThat(merged.get("storage.sqlite.database_path")).contains("b.db");
    assertThat(merged.with("storage.sqlite.database_path", null).get("storage.sqlite.database_path")).isEmpty();
    assertThat(merged.hasSection("sqlite")).isTrue();
    assertThat(merged.hasSection("postgres")).isFalse();
    assertThat(merged).isEqualTo(StorageConfig.fromMap(Map.of("storage.backend", "sqlite", "storage.sqlite.database_path", "b.db")));
  }

  @Test
  @DisplayName("two spellings of one key with different values fail instead of one winning arbitrarily")
  void fromMap_caseCollision_failsUnlessEqual() {
    Map<String, Object> map = new HashMap<>();
    map.put("storage.backend", "sqlite");
    map.put("STORAGE.BACKEND", "memory");

    assertThatThrownBy(() -> StorageConfig.fromMap(map))
        .isExactlyInstanceOf(StorageConfigurationException.class)
        .hasMessageStartingWith("Configuration key storage.backend is given twice with different values (");
    map.put("STORAGE.BACKEND", " sqlite ");
    assertThat(StorageConfig.fromMap(map).asMap()).containsOnly(java.util.Map.entry("storage.backend", "sqlite"));
  }

  @Test
  @DisplayName("fromMap skips null values and copies its input")
  void fromMap_nullsAndLaterChanges_ignored() {
    Map<String, Object> map = new HashMap<>();
    map.put("storage.backend", "memory");
    map.put("storage.memory.max_traces", null);
    StorageConfig config = StorageConfig.fromMap(map);
    map.put("storage.backend", "sqlite");

    assertThat(config.asMap()).containsOnlyKeys("storage.backend");
    assertThat(config.backend()).contains("memory");
  }
}
