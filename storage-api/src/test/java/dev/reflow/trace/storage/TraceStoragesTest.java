package dev.reflow.trace.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflow.trace.storage.fakes.BrokenConstructorProvider;
import dev.reflow.trace.storage.fakes.CountingProvider;
import dev.reflow.trace.storage.fakes.ExplodingProvider;
import dev.reflow.trace.storage.fakes.FakeMemoryProvider;
import dev.reflow.trace.storage.fakes.FakeSqliteProvider;
import dev.reflow.trace.storage.fakes.FakeStorage;
import dev.reflow.trace.storage.fakes.LegacySqliteProvider;
import dev.reflow.trace.storage.fakes.NamelessProvider;
import dev.reflow.trace.storage.fakes.NullStorageProvider;
import dev.reflow.trace.storage.fakes.OtherSqliteProvider;
import dev.reflow.trace.storage.fakes.ProviderJars;
import dev.reflow.trace.storage.fakes.UnreachableProvider;
import dev.reflow.trace.storage.spi.TraceStorageProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Backend selection through ServiceLoader. The test class path registers two fakes, "memory" and
 * "sqlite" (src/test/resources/META-INF/services); the cases that need other providers build jars
 * in a temporary directory and load them with their own class loader.
 */
class TraceStoragesTest {

  private static StorageConfig backend(String name) {
    return StorageConfig.fromMap(Map.of("storage.backend", name));
  }

  @BeforeEach
  void resetCounters() {
    CountingProvider.reset();
  }

  @Nested
  @DisplayName("selection on the test class path")
  class Selection {

    @Test
    @DisplayName("storage.backend selects the provider with that name, and only its create() runs")
    void open_backendSet_createsOnlySelectedProvider() {
      StorageConfig config = backend("sqlite").with("storage.sqlite.database_path", "/tmp/t.db");

      try (TraceStorage storage = TraceStorages.open(config)) {
        assertThat(storage).isInstanceOf(FakeStorage.class);
        assertThat(storage.backendName()).isEqualTo("sqlite");
        assertThat(((FakeStorage) storage).config()).isEqualTo(config);
      }
      assertThat(CountingProvider.creates(FakeSqliteProvider.class)).as("sqlite create() calls").isEqualTo(1);
      assertThat(CountingProvider.creates(FakeMemoryProvider.class)).as("memory create() calls").isZero();
    }

    @ParameterizedTest(name = "\"{0}\" selects {1}")
    @CsvSource({"SQLITE,sqlite", "Sqlite,sqlite", "sqlite3,sqlite", "SQLite3,sqlite", "MEMORY,memory", "' memory ',memory"})
    @DisplayName("names and aliases match in any case")
    void open_nameOrAliasInAnyCase_selectsProvider(String value, String expected) {
      try (TraceStorage storage = TraceStorages.open(backend(value))) {
        assertThat(storage.backendName()).isEqualTo(expected);
      }
    }

    @Test
    @DisplayName("a missing storage.backend lists the available backends")
    void open_backendMissing_failsListingBackends() {
      assertThatThrownBy(() -> TraceStorages.open(StorageConfig.empty()))
          .isExactlyInstanceOf(StorageConfigurationException.class)
          .hasMessage("storage.backend is not set. Set it (or STORAGE_BACKEND) to one of the available backends: [memory, sqlite]");
    }

    @Test
    @DisplayName("a blank storage.backend counts as missing")
    void open_backendBlank_failsAsMissing() {
      assertThatThrownBy(() -> TraceStorages.open(backend("  ")))
          .hasMessageStartingWith("storage.backend is not set.");
    }

    @Test
    @DisplayName("an unknown name is rejected, listing the available backends")
    void open_unknownBackend_failsListingBackends() {
      assertThatThrownBy(() -> TraceStorages.open(backend("foo")))
          .isExactlyInstanceOf(StorageConfigurationException.class)
          .hasMessage("Unrecognized value for storage.backend: \"foo\". Available backends: [memory, sqlite]");
    }

    @ParameterizedTest(name = "{0} needs {1}")
    @CsvSource({"postgres,storage-postgres", "timescale,storage-timescale", "timescaledb,storage-timescale",
        "mongodb,storage-mongodb", "MongoDB,storage-mongodb"})
    @DisplayName("a known backend whose jar is absent names the artifact to add")
    void open_knownBackendJarMissing_namesArtifact(String value, String artifact) {
      assertThatThrownBy(() -> TraceStorages.open(backend(value)))
          .isExactlyInstanceOf(StorageConfigurationException.class)
          .hasMessage("storage.backend set to \"" + value.toLowerCase(java.util.Locale.ROOT) + "\" but " + artifact
              + " is not on the classpath. Add dev.reflow.trace:" + artifact + ". Available backends: [memory, sqlite]");
    }

    @Test
    @DisplayName("the exact message of the style guide for postgres")
    void open_postgresJarMissing_matchesStyleGuide() {
      assertThatThrownBy(() -> TraceStorages.open(backend("postgres")))
          .hasMessage("storage.backend set to \"postgres\" but storage-postgres is not on the classpath. "
              + "Add dev.reflow.trace:storage-postgres. Available backends: [memory, sqlite]");
    }

    @Test
    @DisplayName("a backend value that is a URL with a password is redacted in the error")
    void open_backendValueIsUrl_redactedInMessage() {
      assertThatThrownBy(() -> TraceStorages.open(backend("postgresql://app:hunter2@db/traces")))
          .hasMessageContaining("postgresql://app:****@db/traces")
          .hasMessageNotContaining("hunter2");
    }

    @Test
    @DisplayName("providers() lists every discovered provider with its name, aliases, description and artifact")
    void providers_testClassPath_listsBothFakesSorted() {
      List<TraceStorageProvider> providers = TraceStorages.providers();

      assertThat(providers).extracting(TraceStorageProvider::name).containsExactly("memory", "sqlite");
      assertThat(providers.get(1).aliases()).containsExactly("SQLite3");
      assertThat(providers.get(1).artifact()).isEqualTo("dev.reflow.trace:storage-sqlite");
      assertThat(providers.get(0).description()).isEqualTo("memory trace storage");
      assertThat(CountingProvider.creates(FakeMemoryProvider.class) + CountingProvider.creates(FakeSqliteProvider.class))
          .as("create() calls while listing").isZero();
    }

    @Test
    @DisplayName("provider(name) finds by alias and fails like open() for unknown names")
    void provider_byName_findsOrFails() {
      assertThat(TraceStorages.provider("sqlite3")).isInstanceOf(FakeSqliteProvider.class);
      assertThatThrownBy(() -> TraceStorages.provider("bogus"))
          .hasMessage("Unrecognized value for storage.backend: \"bogus\". Available backends: [memory, sqlite]");
    }

    @Test
    @DisplayName("open() with no arguments reads storage.backend from system properties")
    void open_noArguments_usesSystemProperties() {
      String previous = System.getProperty("storage.backend");
      System.setProperty("storage.backend", "memory");
      try (TraceStorage storage = TraceStorages.open()) {
        assertThat(storage.backendName()).isEqualTo("memory");
      } finally {
        if (previous == null) {
          System.clearProperty("storage.backend");
        } else {
          System.setProperty("storage.backend", previous);
        }
      }
    }

    @Test
    @DisplayName("the choice is logged once at INFO with the provider class")
    void open_selected_logsChoiceOnce() {
      PrintStream original = System.err;
      ByteArrayOutputStream captured = new ByteArrayOutputStream();
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      try {
        TraceStorages.open(backend("sqlite")).close();
      } finally {
        System.setErr(original);
      }
      String log = captured.toString(StandardCharsets.UTF_8);
      String line = "Using trace storage backend 'sqlite' (" + FakeSqliteProvider.class.getName() + ")";
      assertThat(log).contains(line).contains("INFO");
      assertThat(log.split(java.util.regex.Pattern.quote(line), -1)).as("occurrences + 1 in <%s>", log).hasSize(2);
    }
  }

  @Nested
  @DisplayName("keys no backend reads")
  class UnreadKeys {

    private String openCapturingLog(StorageConfig config) {
      PrintStream original = System.err;
      ByteArrayOutputStream captured = new ByteArrayOutputStream();
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      try {
        TraceStorages.open(config).close();
      } finally {
        System.setErr(original);
      }
      return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("a misspelled top-level key (storage.backnd) is warned about, naming the key and never its value")
    void open_misspelledTopLevelKey_warns() {
      String log = openCapturingLog(backend("sqlite").with("storage.backnd", "s3cr3t-value"));
      assertThat(log).contains("WARN")
          .contains("Ignoring unknown configuration key storage.backnd (did you mean storage.backend?) "
              + "(environment variable STORAGE_BACKND): the only top-level key is storage.backend")
          .doesNotContain("s3cr3t-value");
    }

    @Test
    @DisplayName("a section no backend owns (storage.sqlit.*) is warned about once, with the closest backend name")
    void open_unknownSection_warnsOncePerSection() {
      String log = openCapturingLog(backend("sqlite")
          .with("storage.sqlit.database_path", "/tmp/a.db").with("storage.sqlit.wal_mode", "true"));
      assertThat(log).contains("Ignoring configuration keys storage.sqlit.database_path, storage.sqlit.wal_mode: "
          + "no backend is named 'sqlit' (did you mean sqlite?)");
      assertThat(log.split("no backend is named", -1)).hasSize(2);
    }

    @Test
    @DisplayName("sections of other known backends (a shared Reflow file) and the backend's own keys are not warned about")
    void open_knownSections_noWarning() {
      StorageConfig config = backend("sqlite").with("storage.sqlite.database_path", "/tmp/t.db")
          .with("storage.postgres.connection_url", "postgresql://db/x").with("storage.timescaledb.chunk_time_interval", "1d")
          .with("storage.mongodb.database_name", "x").with("storage.memory.max_traces", "5")
          .with("storage.sqlite3.database_path", "alias.db");
      assertThat(TraceStorages.unreadKeys(config, TraceStorages.providers())).isEmpty();
      assertThat(openCapturingLog(config)).doesNotContain("Ignoring");
    }
  }

  @Nested
  @DisplayName("explicit provider")
  class ExplicitProvider {

    @Test
    @DisplayName("open(provider, config) uses that provider without discovery")
    void open_explicitProvider_createsIt() {
      try (TraceStorage storage = TraceStorages.open(new OtherSqliteProvider(), StorageConfig.empty())) {
        assertThat(storage.backendName()).isEqualTo("sqlite");
      }
      assertThat(CountingProvider.creates(OtherSqliteProvider.class)).isEqualTo(1);
      assertThat(CountingProvider.instances(FakeSqliteProvider.class)).as("discovered providers").isZero();
    }

    @Test
    @DisplayName("open(provider, config) accepts a storage.backend naming it or an alias")
    void open_explicitProviderMatchingAlias_creates() {
      try (TraceStorage storage = TraceStorages.open(new FakeSqliteProvider(), backend("sqlite3"))) {
        assertThat(storage.backendName()).isEqualTo("sqlite");
      }
    }

    @Test
    @DisplayName("open(provider, config) refuses a configuration meant for another backend")
    void open_explicitProviderOtherBackend_fails() {
      assertThatThrownBy(() -> TraceStorages.open(new FakeSqliteProvider(), backend("postgres")))
          .isExactlyInstanceOf(StorageConfigurationException.class)
          .hasMessage("storage.backend is \"postgres\" but the provider given is 'sqlite' ("
              + FakeSqliteProvider.class.getName() + "). Remove the key or make them agree.");
    }

    @Test
    @DisplayName("a create() failing with a non-library exception is wrapped, cause kept, URL redacted")
    void open_createThrowsRuntimeException_wrappedWithCause() {
      assertThatThrownBy(() -> TraceStorages.open(new ExplodingProvider(), StorageConfig.empty()))
          .isExactlyInstanceOf(StorageConfigurationException.class)
          .hasMessage("Trace storage backend 'exploding' (" + ExplodingProvider.class.getName() + ") failed to start: "
              + "java.lang.IllegalStateException: cannot reach postgresql://admin:****@db.internal:5432/traces")
          .hasCauseExactlyInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("a create() failing with a TraceStorageException passes it through unchanged")
    void open_createThrowsLibraryException_passesThrough() {
      assertThatThrownBy(() -> TraceStorages.open(new UnreachableProvider(), StorageConfig.empty()))
          .isSameAs(UnreachableProvider.FAILURE);
    }

    @Test
    @DisplayName("a create() returning null is reported")
    void open_createReturnsNull_fails() {
      assertThatThrownBy(() -> TraceStorages.open(new NullStorageProvider(), StorageConfig.empty()))
          .isExactlyInstanceOf(StorageConfigurationException.class)
          .hasMessage("Trace storage backend 'nullish' (" + NullStorageProvider.class.getName()
              + ") returned no storage from create().");
    }
  }

  @Nested
  @DisplayName("custom class loaders over jars")
  class Jars {
    @TempDir Path dir;

    @Test
    @DisplayName("with only the memory jar, postgres names its artifact and lists [memory]")
    void open_onlyMemoryJar_postgresNamesArtifact() {
      ClassLoader loader = ProviderJars.loader(ProviderJars.jar(dir, "storage-memory.jar", FakeMemoryProvider.class));

      assertThatThrownBy(() -> TraceStorages.open(backend("postgres"), loader))
          .isExactlyInstanceOf(StorageConfigurationException.class)
          .hasMessage("storage.backend set to \"postgres\" but storage-postgres is not on the classpath. "
              + "Add dev.reflow.trace:storage-postgres. Available backends: [memory]");
    }

    @Test
    @DisplayName("the provider comes from the loader's jar, not the test class path")
    void open_customLoader_usesItsProvider() {
      ClassLoader loader = ProviderJars.loader(ProviderJars.jar(dir, "storage-memory.jar", FakeMemoryProvider.class));

      try (TraceStorage storage = TraceStorages.open(backend("memory"), loader)) {
        assertThat(storage.backendName()).isEqualTo("memory");
      }
      assertThat(TraceStorages.providers(loader)).singleElement()
          .satisfies(p -> assertThat(p.getClass().getClassLoader()).isSameAs(loader));
    }

    @Test
    @DisplayName("two providers claiming one name fail, naming both classes and both jars")
    void open_twoProvidersSameName_failsNamingBoth() throws Exception {
      Path a = ProviderJars.jar(dir, "storage-sqlite.jar", FakeSqliteProvider.class);
      Path b = ProviderJars.jar(dir, "sqlite-fork.jar", OtherSqliteProvider.class);
      ClassLoader loader = ProviderJars.loader(a, b);

      assertThatThrownBy(() -> TraceStorages.open(backend("sqlite"), loader))
          .isExactlyInstanceOf(StorageConfigurationException.class)
          .hasMessageStartingWith("storage.backend \"sqlite\" is claimed by 2 trace storage providers: ")
          .hasMessageContaining(FakeSqliteProvider.class.getName() + " (" + a.toUri().toURL())
          .hasMessageContaining(OtherSqliteProvider.class.getName() + " (" + b.toUri().toURL())
          .hasMessageEndingWith(". Keep only one of them on the classpath.");
      assertThat(CountingProvider.creates(FakeSqliteProvider.class) + CountingProvider.creates(OtherSqliteProvider.class))
          .as("create() calls").isZero();
    }

    @Test
    @DisplayName("an alias colliding with another provider's name is also a duplicate")
    void open_aliasCollidesWithName_failsNamingBoth() {
      Path a = ProviderJars.jar(dir, "storage-sqlite.jar", FakeSqliteProvider.class);
      Path b = ProviderJars.jar(dir, "legacy.jar", LegacySqliteProvider.class);
      ClassLoader loader = ProviderJars.loader(a, b);

      assertThatThrownBy(() -> TraceStorages.open(backend("sqlite"), loader))
          .hasMessageContaining(FakeSqliteProvider.class.getName())
          .hasMessageContaining(LegacySqliteProvider.class.getName())
          .hasMessageContaining("legacy.jar");
      try (TraceStorage storage = TraceStorages.open(backend("legacy"), loader)) {
        assertThat(storage.backendName()).as("the unambiguous name still works").isEqualTo("legacy");
      }
    }

    @Test
    @DisplayName("a registered class that does not exist fails, wrapped with the ServiceConfigurationError")
    void open_registeredClassMissing_wrapsError() {
      Path jar = ProviderJars.jar(dir, "bad.jar", List.of("com.example.NoSuchProvider"), List.of());
      ClassLoader loader = ProviderJars.loader(jar);

      assertThatThrownBy(() -> TraceStorages.open(backend("memory"), loader))
          .isExactlyInstanceOf(StorageConfigurationException.class)
          .hasMessageStartingWith("Failed to load a trace storage provider listed in META-INF/services/"
              + TraceStorageProvider.class.getName() + ": ")
          .hasMessageContaining("com.example.NoSuchProvider")
          .hasCauseExactlyInstanceOf(ServiceConfigurationError.class);
    }

    @Test
    @DisplayName("a provider whose constructor throws fails, naming class and jar, cause kept")
    void open_providerConstructorThrows_wrapsError() throws Exception {
      Path jar = ProviderJars.jar(dir, "broken.jar", BrokenConstructorProvider.class);
      ClassLoader loader = ProviderJars.loader(jar);

      assertThatThrownBy(() -> TraceStorages.providers(loader))
          .isExactlyInstanceOf(StorageConfigurationException.class)
          .hasMessageStartingWith("Failed to load " + BrokenConstructorProvider.class.getName() + " (" + jar.toUri().toURL() + ")")
          .hasCauseExactlyInstanceOf(ServiceConfigurationError.class)
          .rootCause().hasMessage("static setup failed");
    }

    @Test
    @DisplayName("a provider without a name fails to load")
    void providers_namelessProvider_fails() {
      ClassLoader loader = ProviderJars.loader(ProviderJars.jar(dir, "nameless.jar", NamelessProvider.class));

      assertThatThrownBy(() -> TraceStorages.providers(loader))
          .hasMessageContaining(NamelessProvider.class.getName())
          .hasMessageContaining("name() returned null");
    }

    @Test
    @DisplayName("with no provider at all, the message says to add one")
    void open_noProviders_saysToAddOne() {
      ClassLoader loader = ProviderJars.loader(ProviderJars.jar(dir, "empty.jar", List.of(), List.of()));

      assertThatThrownBy(() -> TraceStorages.open(StorageConfig.empty(), loader))
          .hasMessage("storage.backend is not set. Set it (or STORAGE_BACKEND) to one of the available backends: []"
              + " (no backend is on the classpath: add one, for example dev.reflow.trace:storage-sqlite)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"exploding"})
    @DisplayName("a discovered provider whose create() throws is wrapped with its cause")
    void open_discoveredProviderCreateThrows_wrapped(String name) {
      ClassLoader loader = ProviderJars.loader(ProviderJars.jar(dir, "exploding.jar", ExplodingProvider.class));

      assertThatThrownBy(() -> TraceStorages.open(backend(name), loader))
          .isExactlyInstanceOf(StorageConfigurationException.class)
          .hasMessageContaining("failed to start")
          .hasMessageNotContaining("hunter2")
          .cause().isInstanceOf(IllegalStateException.class);
    }
  }
}
