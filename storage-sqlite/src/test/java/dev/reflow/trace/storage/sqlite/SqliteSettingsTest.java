package dev.reflow.trace.storage.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.StorageConfigurationException;
import dev.reflow.trace.storage.spi.TraceDocuments;
import dev.reflow.trace.storage.sqlite.SqliteSettings.JournalMode;
import dev.reflow.trace.storage.sqlite.SqliteSettings.Synchronous;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SqliteSettingsTest {

  private static SqliteSettings settings(Map<String, ?> keys) {
    return SqliteSettings.from(StorageConfig.fromMap(keys));
  }

  @Test
  @DisplayName("With nothing configured: ./reflow-traces.db, WAL, synchronous NORMAL, SQLite's cache, 5 s busy timeout")
  void from_emptyConfig_usesDefaults() {
    SqliteSettings s = SqliteSettings.from(StorageConfig.empty());
    assertThat(s.databasePath()).isEqualTo("./reflow-traces.db");
    assertThat(s.journalMode()).isEqualTo(JournalMode.WAL);
    assertThat(s.synchronous()).isEqualTo(Synchronous.NORMAL);
    assertThat(s.cacheSize()).isEqualTo(-2000);
    assertThat(s.busyTimeoutMs()).isEqualTo(5000);
    assertThat(s.compressionThreshold()).isEqualTo(TraceDocuments.DEFAULT_COMPRESSION_THRESHOLD);
    assertThat(s.inMemory()).isFalse();
  }

  @Test
  @DisplayName("Every key is read from storage.sqlite.*, case-insensitively for enum values")
  void from_allKeys_areRead() {
    SqliteSettings s = settings(Map.of(
        "storage.sqlite.database_path", ":memory:",
        "storage.sqlite.wal_mode", "false",
        "storage.sqlite.journal_mode", "truncate",
        "storage.sqlite.synchronous", "extra",
        "storage.sqlite.cache_size", "-64000",
        "storage.sqlite.busy_timeout_ms", "250",
        "storage.sqlite.compression_threshold", "-1"));
    assertThat(s).isEqualTo(new SqliteSettings(":memory:", JournalMode.TRUNCATE, Synchronous.EXTRA, -64000, 250, -1, false));
    assertThat(s.inMemory()).isTrue();
  }

  @Test
  @DisplayName("wal_mode=false without journal_mode uses the DELETE rollback journal")
  void from_walOff_usesDeleteJournal() {
    assertThat(settings(Map.of("storage.sqlite.wal_mode", "off")).journalMode()).isEqualTo(JournalMode.DELETE);
  }

  @Test
  @DisplayName("Reflow's own default section (wal_mode=true, journal_mode=WAL) is accepted as it is")
  void from_reflowDefaultSection_isAccepted() {
    SqliteSettings s = settings(Map.of("storage.sqlite.database_path", "traces.db",
        "storage.sqlite.wal_mode", "true", "storage.sqlite.journal_mode", "WAL",
        "storage.sqlite.synchronous", "NORMAL", "storage.sqlite.cache_size", "-2000"));
    assertThat(s.journalMode()).isEqualTo(JournalMode.WAL);
  }

  @Test
  @DisplayName("A synchronous level SQLite does not know fails naming the key, the value and the choices")
  void from_badSynchronous_failsNamingKey() {
    assertThatThrownBy(() -> settings(Map.of("storage.sqlite.synchronous", "sometimes")))
        .isInstanceOf(StorageConfigurationException.class)
        .hasMessage("Invalid value for storage.sqlite.synchronous=sometimes. Must be one of OFF, NORMAL, FULL, EXTRA.");
  }

  @Test
  @DisplayName("Non-numeric cache_size and busy_timeout_ms fail naming the key")
  void from_nonNumericValues_failNamingKey() {
    assertThatThrownBy(() -> settings(Map.of("storage.sqlite.cache_size", "big")))
        .isInstanceOf(StorageConfigurationException.class)
        .hasMessage("Invalid value for storage.sqlite.cache_size=big. Must be an integer.");
    assertThatThrownBy(() -> settings(Map.of("storage.sqlite.busy_timeout_ms", "5s")))
        .isInstanceOf(StorageConfigurationException.class)
        .hasMessage("Invalid value for storage.sqlite.busy_timeout_ms=5s. Must be an integer between 0 and 2147483647.");
  }

  @Test
  @DisplayName("Values beyond the integer range name the range the key allows, not the range of int")
  void from_overflowingValues_nameTheKeysRange() {
    assertThatThrownBy(() -> settings(Map.of("storage.sqlite.busy_timeout_ms", "99999999999")))
        .hasMessage("Invalid value for storage.sqlite.busy_timeout_ms=99999999999. Must be an integer between 0 and 2147483647.");
    assertThatThrownBy(() -> settings(Map.of("storage.sqlite.compression_threshold", "-99999999999999999999")))
        .hasMessage("Invalid value for storage.sqlite.compression_threshold=-99999999999999999999. "
            + "Must be an integer between -1 and 2147483647.");
  }

  @Test
  @DisplayName("A negative busy timeout, a threshold below -1, a bad boolean and an empty path are refused")
  void from_outOfRangeValues_fail() {
    assertThatThrownBy(() -> settings(Map.of("storage.sqlite.busy_timeout_ms", "-1")))
        .hasMessage("Invalid value for storage.sqlite.busy_timeout_ms=-1. Must be an integer between 0 and 2147483647.");
    assertThatThrownBy(() -> settings(Map.of("storage.sqlite.compression_threshold", "-5")))
        .hasMessage("Invalid value for storage.sqlite.compression_threshold=-5. Must be an integer between -1 and 2147483647.");
    assertThatThrownBy(() -> settings(Map.of("storage.sqlite.wal_mode", "maybe")))
        .hasMessage("Invalid value for storage.sqlite.wal_mode=maybe. Must be true or false.");
    assertThatThrownBy(() -> settings(Map.of("storage.sqlite.database_path", "")))
        .hasMessage("Invalid value for storage.sqlite.database_path=. Must be a file path or :memory:.");
  }

  @Test
  @DisplayName("Journal modes that can leave a half-written batch after a crash are refused")
  void from_unsafeJournalMode_isRefused() {
    assertThatThrownBy(() -> settings(Map.of("storage.sqlite.wal_mode", "false", "storage.sqlite.journal_mode", "off")))
        .isInstanceOf(StorageConfigurationException.class)
        .hasMessageStartingWith("Invalid value for storage.sqlite.journal_mode=off. Must be one of WAL, DELETE");
    assertThatThrownBy(() -> settings(Map.of("storage.sqlite.journal_mode", "MEMORY")))
        .hasMessageContaining("OFF and MEMORY are refused");
  }

  @Test
  @DisplayName("wal_mode and journal_mode that contradict each other fail naming both keys")
  void from_conflictingJournalKeys_fail() {
    assertThatThrownBy(() -> settings(Map.of("storage.sqlite.wal_mode", "true", "storage.sqlite.journal_mode", "DELETE")))
        .hasMessage("Invalid value for storage.sqlite.journal_mode=DELETE. Conflicts with storage.sqlite.wal_mode=true; "
            + "set storage.sqlite.wal_mode=false to use a rollback journal.");
    assertThatThrownBy(() -> settings(Map.of("storage.sqlite.wal_mode", "false", "storage.sqlite.journal_mode", "WAL")))
        .hasMessage("Invalid value for storage.sqlite.journal_mode=WAL. Conflicts with storage.sqlite.wal_mode=false.");
  }

  @Test
  @DisplayName("Keys under storage.sqlite that the backend does not read are reported (they are logged as warnings)")
  void unknownKeys_typos_areReported() {
    StorageConfig config = StorageConfig.fromMap(Map.of("storage.sqlite.wal", "false",
        "storage.sqlite.database_path", "x.db", "storage.postgres.wal", "x", "storage.sqlite.busy_timeout", "9"));
    assertThat(SqliteSettings.unknownKeys(config)).containsExactly("storage.sqlite.busy_timeout", "storage.sqlite.wal");
    assertThat(SqliteSettings.from(config).databasePath()).isEqualTo("x.db");
  }

  @Test
  @DisplayName("The provider is named sqlite and validates before touching any file")
  void provider_badConfig_failsBeforeOpening() {
    SqliteStorageProvider provider = new SqliteStorageProvider();
    assertThat(provider.name()).isEqualTo("sqlite");
    assertThat(provider.artifact()).isEqualTo("dev.reflow.trace:storage-sqlite");
    assertThatThrownBy(() -> provider.create(StorageConfig.fromMap(Map.of("storage.sqlite.synchronous", "x"))))
        .isInstanceOf(StorageConfigurationException.class);
  }

  @Test
  @DisplayName("The provider is registered for ServiceLoader")
  void provider_isRegistered() {
    assertThat(java.util.ServiceLoader.load(dev.reflow.trace.storage.spi.TraceStorageProvider.class).stream()
        .map(p -> p.type().getName()))
        .contains(SqliteStorageProvider.class.getName());
  }
}
