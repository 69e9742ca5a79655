package dev.reflow.trace.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StorageConfigLoaderTest {

  @TempDir Path dir;

  private Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  private static Path sample() throws URISyntaxException {
    return Path.of(StorageConfigLoaderTest.class.getResource("/config/reflow_tracing.toml").toURI());
  }

  @Nested
  @DisplayName("precedence")
  class Precedence {

    @Test
    @DisplayName("system properties > environment > file > defaults, key by key")
    void build_allFourLayers_highestWinsPerKey() throws IOException {
      Path file = write("reflow_tracing.toml", """
          [storage]
          backend = "sqlite"
          [storage.sqlite]
          database_path = "from-file.db"
          cache_size = -4000
          wal_mode = false
          """);

      StorageConfig config = StorageConfigLoader.builder()
          .defaults(Map.of("storage.backend", "memory", "storage.sqlite.database_path", "default.db",
              "storage.sqlite.cache_size", "-2000", "storage.sqlite.wal_mode", "true",
              "storage.sqlite.synchronous", "NORMAL"))
          .file(file)
          .environment(Map.of("STORAGE_SQLITE_DATABASE_PATH", "from-env.db", "STORAGE_SQLITE_CACHE_SIZE", "-8000"))
          .systemProperties(Map.of("storage.sqlite.database_path", "from-sysprop.db"))
          .build();

      assertThat(config.asMap()).containsExactly(
          entry("storage.backend", "sqlite"),                          // file over default
          entry("storage.sqlite.cache_size", "-8000"),                  // env over file
          entry("storage.sqlite.database_path", "from-sysprop.db"),     // sysprop over env
          entry("storage.sqlite.synchronous", "NORMAL"),               // only a default
          entry("storage.sqlite.wal_mode", "false"));                   // file over default
    }

    @Test
    @DisplayName("a blank value in a higher layer does not hide a lower one")
    void build_blankHigherLayer_keepsLowerValue() {
      StorageConfig config = StorageConfigLoader.builder()
          .fileValues(Map.of("storage.backend", "sqlite"))
          .environment(Map.of("STORAGE_BACKEND", ""))
          .systemProperties(Map.of("storage.backend", "   "))
          .build();

      assertThat(config.backend()).contains("sqlite");
    }

    @Test
    @DisplayName("the builder reads nothing from the real process unless asked")
    void build_noLayers_isEmpty() {
      assertThat(StorageConfigLoader.builder().build().asMap()).isEmpty();
    }

    @Test
    @DisplayName("only storage.* keys are taken from system properties and .properties files")
    void build_foreignSystemProperties_ignored() {
      Properties props = new Properties();
      props.setProperty("java.version", "17");
      props.setProperty("Storage.Backend", "SQLite");
      props.setProperty("storagex.backend", "no");

      StorageConfig config = StorageConfigLoader.builder().systemProperties(props).build();

      assertThat(config.asMap()).containsExactly(entry("storage.backend", "SQLite"));
      assertThat(config.backend()).contains("sqlite");
    }

    @Test
    @DisplayName("load(file) puts JVM system properties over the file")
    void load_file_systemPropertyOverridesFile() throws Exception {
      String previous = System.getProperty("storage.sqlite.journal_mode");
      System.setProperty("storage.sqlite.journal_mode", "DELETE");
      try {
        StorageConfig config = StorageConfigLoader.load(sample());
        assertThat(config.get("storage.sqlite.journal_mode")).contains("DELETE");
        assertThat(config.get("storage.sqlite.synchronous")).contains("NORMAL");
      } finally {
        if (previous == null) {
          System.clearProperty("storage.sqlite.journal_mode");
        } else {
          System.setProperty("storage.sqlite.journal_mode", previous);
        }
      }
    }
  }

  @Nested
  @DisplayName("environment variables")
  class Environment {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "STORAGE_BACKEND, storage.backend",
        "STORAGE_SQLITE_DATABASE_PATH, storage.sqlite.database_path",
        "STORAGE_POSTGRES_CONNECTION_URL, storage.postgres.connection_url",
        "STORAGE_POSTGRES_ACQUIRE_TIMEOUT_SECS, storage.postgres.acquire_timeout_secs",
        "STORAGE_MONGODB_COLLECTION_NAME, storage.mongodb.collection_name",
        "STORAGE_MEMORY_MAX_TRACES, storage.memory.max_traces",
        "STORAGE_TIMESCALE_CHUNK_TIME_INTERVAL, storage.timescale.chunk_time_interval",
        "STORAGE_PLUGINS_DIR, storage.plugins_dir",
        "REFLOW_TRACING_STORAGE_BACKEND, storage.backend",
        "REFLOW_TRACING_SQLITE_PATH, storage.sqlite.database_path",
        "REFLOW_TRACING_POSTGRES_URL, storage.postgres.connection_url",
    })
    @DisplayName("upper-case names map to canonical keys: backend segment, then the rest with underscores kept")
    void keyForEnvironmentVariable_storageNames_mapToCanonicalKeys(String variable, String key) {
      assertThat(StorageConfigLoader.keyForEnvironmentVariable(variable)).contains(key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"storage_backend", "Storage_Backend", "STORAGE", "STORAGE_", "STORAGE_SQLITE_",
        "PATH", "REFLOW_TRACING_PORT", "XSTORAGE_BACKEND"})
    @DisplayName("other variables are not configuration")
    void keyForEnvironmentVariable_otherNames_empty(String variable) {
      assertThat(StorageConfigLoader.keyForEnvironmentVariable(variable)).isEqualTo(Optional.empty());
    }

    @Test
    @DisplayName("the canonical key maps back to the same variable name")
    void environmentName_roundTrips() {
      for (String key : new String[] {"storage.backend", "storage.sqlite.database_path", "storage.postgres.max_connections",
          "storage.plugins_dir"}) {
        assertThat(StorageConfigLoader.keyForEnvironmentVariable(StorageConfig.environmentName(key))).contains(key);
      }
    }

    @Test
    @DisplayName("STORAGE_* wins over Reflow's REFLOW_TRACING_* spelling of the same key")
    void fromEnvironment_bothSpellings_storageWins() {
      StorageConfig config = StorageConfigLoader.fromEnvironment(Map.of(
          "REFLOW_TRACING_STORAGE_BACKEND", "postgres",
          "STORAGE_BACKEND", "sqlite",
          "REFLOW_TRACING_POSTGRES_URL", "postgresql://u:pw@h/db",
          "HOME", "/root"));

      assertThat(config.asMap()).containsOnly(
          entry("storage.backend", "sqlite"),
          entry("storage.postgres.connection_url", "postgresql://u:pw@h/db"));
    }
  }

  @Nested
  @DisplayName("Reflow's TOML file")
  class Toml {

    @Test
    @DisplayName("a realistic reflow_tracing.toml yields exactly its storage keys, flattened and typed")
    void readFile_reflowSample_flattensStorageTables() throws Exception {
      StorageConfig config = StorageConfigLoader.readFile(sample());

      assertThat(config.asMap()).containsOnlyKeys(
          "storage.backend",
          "storage.sqlite.database_path", "storage.sqlite.wal_mode", "storage.sqlite.journal_mode",
          "storage.sqlite.synchronous", "storage.sqlite.cache_size",
          "storage.postgres.connection_url", "storage.postgres.max_connections",
          "storage.postgres.min_connections", "storage.postgres.acquire_timeout_secs",
          "storage.mongodb.connection_url", "storage.mongodb.database_name", "storage.mongodb.collection_name",
          "storage.memory.max_traces", "storage.memory.eviction_policy");
      assertThat(config.backend()).contains("postgres");
      StorageConfig.Section pg = config.section("postgres");
      assertThat(pg.getInt("max_connections", 10)).as("not the [server] max_connections").isEqualTo(20);
      assertThat(pg.getDuration("acquire_timeout_secs", null)).hasSeconds(30);
      assertThat(config.section("sqlite").getBoolean("wal_mode", false)).isTrue();
      assertThat(config.section("sqlite").getInt("cache_size", 0)).isEqualTo(-2000);
      assertThat(config.section("memory").getInt("max_traces", 0)).as("TOML 10_000").isEqualTo(10_000);
      assertThat(config.section("mongodb").require("connection_url")).startsWith("mongodb+srv://tracer:m0ng0pw@");
      assertThat(config.toString()).doesNotContain("s3cr3t").doesNotContain("m0ng0pw");
    }

    @Test
    @DisplayName("inline tables and dotted keys flatten like tables")
    void readFile_inlineTableAndDottedKeys_flatten() throws IOException {
      Path file = write("t.toml", """
          [storage]
          backend = "sqlite"
          sqlite = { database_path = "a.db", wal_mode = true }
          postgres.max_connections = 4
          """);

      assertThat(StorageConfigLoader.readFile(file).asMap()).containsOnly(
          entry("storage.backend", "sqlite"),
          entry("storage.sqlite.database_path", "a.db"),
          entry("storage.sqlite.wal_mode", "true"),
          entry("storage.postgres.max_connections", "4"));
    }

    @Test
    @DisplayName("a syntax error names the file and the line")
    void readFile_syntaxError_namesFileAndLine() throws IOException {
      Path file = write("broken.toml", """
          [storage]
          backend = "sqlite"
          [storage.postgres]
          connection_url = postgresql://u:hunter2@db/x
          """);

      assertThatThrownBy(() -> StorageConfigLoader.readFile(file))
          .isExactlyInstanceOf(StorageConfigurationException.class)
          .hasMessageStartingWith("Invalid TOML in " + file + " at line 4")
          .hasMessageNotContaining("hunter2")
          .hasCauseInstanceOf(com.fasterxml.jackson.core.JacksonException.class);
    }

    @Test
    @DisplayName("a key defined twice is a syntax error, as TOML says")
    void readFile_duplicateKey_fails() throws IOException {
      Path file = write("dup.toml", "[storage]\nbackend = \"a\"\nbackend = \"b\"\n");

      assertThatThrownBy(() -> StorageConfigLoader.readFile(file))
          .hasMessageStartingWith("Invalid TOML in " + file + " at line 3");
    }

    @Test
    @DisplayName("an array fails naming its key")
    void readFile_array_failsNamingKey() throws IOException {
      Path file = write("arr.toml", "[storage.mongodb]\nhosts = [\"h1\", \"h2\"]\n");

      assertThatThrownBy(() -> StorageConfigLoader.readFile(file))
          .isExactlyInstanceOf(StorageConfigurationException.class)
          .hasMessage("Unsupported value for storage.mongodb.hosts in " + file
              + ": an array. Storage settings are single values (string, number or boolean).");
    }

    @Test
    @DisplayName("an array of tables fails naming its key")
    void readFile_arrayOfTables_failsNamingKey() throws IOException {
      Path file = write("aot.toml", "[[storage.replicas]]\nurl = \"x\"\n");

      assertThatThrownBy(() -> StorageConfigLoader.readFile(file))
          .hasMessageStartingWith("Unsupported value for storage.replicas in ");
    }

    @Test
    @DisplayName("storage.backend given as a table fails")
    void readFile_backendIsTable_fails() throws IOException {
      Path file = write("bt.toml", "[storage.backend]\nname = \"sqlite\"\n");

      assertThatThrownBy(() -> StorageConfigLoader.readFile(file))
          .hasMessage("Unsupported value for storage.backend in " + file
              + ": a table. It must be a backend name such as \"sqlite\".");
    }

    @Test
    @DisplayName("a quoted dotted key colliding with a table key fails instead of picking one")
    void readFile_dottedQuotedKeyCollision_fails() throws IOException {
      Path file = write("col.toml", "[storage]\n\"sqlite.database_path\" = \"a.db\"\n[storage.sqlite]\ndatabase_path = \"b.db\"\n");

      assertThatThrownBy(() -> StorageConfigLoader.readFile(file))
          .hasMessageContaining("storage.sqlite.database_path is defined twice");
    }

    @Test
    @DisplayName("a file without [storage] fails and says where Reflow looks")
    void readFile_noStorageTable_fails() throws IOException {
      Path file = write("server.toml", "[server]\nport = 8080\n");

      assertThatThrownBy(() -> StorageConfigLoader.readFile(file))
          .hasMessage(file + " has no [storage] table. Reflow's tracing configuration selects the backend with "
              + "[storage] backend = \"<name>\" and keeps its settings in [storage.<backend>].");
    }

    @Test
    @DisplayName("a [storage] table nested under another table is pointed out: Reflow reads only the top level")
    void readFile_nestedStorageTable_pointsItOut() throws IOException {
      Path file = write("nested.toml", "[tracing.storage]\nbackend = \"sqlite\"\n");

      assertThatThrownBy(() -> StorageConfigLoader.readFile(file))
          .hasMessageStartingWith(file + " has no [storage] table. It has [tracing.storage], but Reflow reads "
              + "storage settings only from the top-level [storage] table; move them there.");
    }

    @Test
    @DisplayName("storage given as a plain value fails")
    void readFile_storageIsScalar_fails() throws IOException {
      Path file = write("s.toml", "storage = \"postgresql://u:pw@h/db\"\n");

      assertThatThrownBy(() -> StorageConfigLoader.readFile(file))
          .hasMessage("In " + file + ", storage must be a table ([storage]), not \"postgresql://u:****@h/db\".");
    }

    @Test
    @DisplayName("table and key names are case-insensitive like every canonical key; two spellings of one key fail")
    void readFile_mixedCaseNames_normalizedAndCollisionsCaught() throws IOException {
      Path upper = write("u.toml", "[Storage]\nBackend = \"sqlite\"\n[Storage.SQLite]\nDatabase_Path = \"a.db\"\n");
      Path both = write("b.toml", "[storage]\nbackend = \"sqlite\"\n[Storage]\nbackend = \"memory\"\n");

      assertThat(StorageConfigLoader.readFile(upper).asMap()).containsOnly(
          entry("storage.backend", "sqlite"), entry("storage.sqlite.database_path", "a.db"));
      assertThatThrownBy(() -> StorageConfigLoader.readFile(both))
          .hasMessageContaining("storage.backend is defined twice");
    }

    @Test
    @DisplayName("an empty string in the file counts as not set")
    void readFile_emptyString_notSet() throws IOException {
      Path file = write("e.toml", "[storage]\nbackend = \"\"\n[storage.sqlite]\ndatabase_path = \"x.db\"\n");

      assertThat(StorageConfigLoader.readFile(file).asMap()).containsOnlyKeys("storage.sqlite.database_path");
    }
  }

  @Nested
  @DisplayName("other files")
  class OtherFiles {

    @Test
    @DisplayName(".properties files use canonical keys")
    void readFile_properties_canonicalKeys() throws IOException {
      Path file = write("storage.properties", """
          # comment
          storage.backend = postgres
          storage.postgres.connection_url = jdbc:postgresql://db/traces?user=u&password=pw
          unrelated.key = ignored
          """);

      StorageConfig config = StorageConfigLoader.readFile(file);

      assertThat(config.asMap()).containsOnly(
          entry("storage.backend", "postgres"),
          entry("storage.postgres.connection_url", "jdbc:postgresql://db/traces?user=u&password=pw"));
    }

    @Test
    @DisplayName("a malformed .properties file names the file")
    void readFile_malformedProperties_namesFile() throws IOException {
      Path file = write("bad.properties", "storage.backend = \\u12\n");

      assertThatThrownBy(() -> StorageConfigLoader.readFile(file))
          .isExactlyInstanceOf(StorageConfigurationException.class)
          .hasMessageStartingWith("Invalid properties file " + file + ": ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"config.yaml", "config.json", "config", "reflow_tracing.toml.bak"})
    @DisplayName("other extensions are rejected clearly")
    void readFile_otherExtension_rejected(String name) throws IOException {
      Path file = write(name, "storage.backend=sqlite\n");

      assertThatThrownBy(() -> StorageConfigLoader.readFile(file))
          .isExactlyInstanceOf(StorageConfigurationException.class)
          .hasMessage("Unsupported configuration file " + file + ". Use a .toml file (Reflow's reflow_tracing.toml "
              + "format) or a .properties file with keys such as storage.backend.");
    }

    @Test
    @DisplayName("upper-case extensions are accepted")
    void readFile_upperCaseExtension_accepted() throws IOException {
      Path file = write("REFLOW.TOML", "[storage]\nbackend = \"memory\"\n");

      assertThat(StorageConfigLoader.readFile(file).backend()).contains("memory");
    }

    @Test
    @DisplayName("a missing file is reported with its path")
    void readFile_missing_reported() {
      Path file = dir.resolve("nope.toml");

      assertThatThrownBy(() -> StorageConfigLoader.readFile(file))
          .isExactlyInstanceOf(StorageConfigurationException.class)
          .hasMessage("Configuration file not found: " + file);
    }

    @Test
    @DisplayName("a file that is not UTF-8 is reported")
    void readFile_notUtf8_reported() throws IOException {
      Path file = dir.resolve("latin1.toml");
      Files.write(file, new byte[] {'#', ' ', (byte) 0xE9, '\n'});

      assertThatThrownBy(() -> StorageConfigLoader.readFile(file))
          .hasMessage("Configuration file " + file + " is not valid UTF-8");
    }
  }
}
