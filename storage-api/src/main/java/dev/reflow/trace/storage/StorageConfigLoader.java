package dev.reflow.trace.storage;

import dev.reflow.trace.storage.internal.TomlConfigFile;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Builds a {@link StorageConfig} from four layers, highest precedence first:
 *
 * <ol>
 *   <li>Java system properties with canonical keys ({@code -Dstorage.backend=sqlite});
 *   <li>environment variables in upper-case form ({@code STORAGE_BACKEND},
 *       {@code STORAGE_SQLITE_DATABASE_PATH}; also Reflow's own {@code REFLOW_TRACING_STORAGE_BACKEND},
 *       {@code REFLOW_TRACING_SQLITE_PATH} and {@code REFLOW_TRACING_POSTGRES_URL}, below the
 *       {@code STORAGE_*} names);
 *   <li>a file: Reflow's {@code reflow_tracing.toml} ({@code [storage]} and
 *       {@code [storage.<backend>]} tables) or a {@code .properties} file with canonical keys;
 *   <li>defaults given by the caller.
 * </ol>
 *
 * <p>A blank value counts as not set, so an empty variable never hides a value from a lower layer.
 * Only {@code storage.*} keys are taken from any layer. The builder reads nothing from the real
 * process unless asked ({@link Builder#systemProperties()} / {@link Builder#environment()}), so
 * tests can give every layer as a map. (OpenTelemetry's {@code ConfigUtil} model.)
 */
public final class StorageConfigLoader {
  private static final String ENV_PREFIX = "STORAGE_";
  private static final Pattern ENV_NAME = Pattern.compile("STORAGE_[A-Z0-9]+(_[A-Z0-9_]*)?");

  /**
   * The environment variables Reflow's own tracing server reads ({@code Config::load} in
   * {@code reflow_tracing}), translated to canonical keys. A {@code STORAGE_*} variable for the
   * same key wins.
   */
  private static final Map<String, String> REFLOW_ENVIRONMENT = Map.of(
      "REFLOW_TRACING_STORAGE_BACKEND", StorageConfig.BACKEND,
      "REFLOW_TRACING_SQLITE_PATH", "storage.sqlite.database_path",
      "REFLOW_TRACING_POSTGRES_URL", "storage.postgres.connection_url");

  /**
   * Keys directly under {@code storage.} whose name has an underscore, so that their variable is
   * not read as backend plus key: {@code STORAGE_PLUGINS_DIR} is {@code storage.plugins_dir} (the
   * command line's plugin directory), not {@code storage.plugins.dir}.
   */
  private static final Set<String> TOP_LEVEL_KEYS = Set.of("plugins_dir");

  private StorageConfigLoader() {}

  /** System properties over environment variables of this process. */
  public static StorageConfig load() {
    return builder().systemProperties().environment().build();
  }

  /** System properties over environment variables over {@code file} ({@code .toml} or {@code .properties}). */
  public static StorageConfig load(Path file) {
    return builder().systemProperties().environment().file(file).build();
  }

  /** A loader with every layer empty. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The {@code storage.*} keys of one file, chosen by extension: {@code .toml} is read as Reflow's
   * tracing configuration, {@code .properties} as Java properties with canonical keys.
   *
   * @throws StorageConfigurationException when the file is missing, unreadable, malformed (naming
   *     the file and line) or has another extension
   */
  public static StorageConfig readFile(Path file) {
    return StorageConfig.fromMap(readFileValues(file));
  }

  /** The canonical keys set by environment variables ({@code STORAGE_SQLITE_DATABASE_PATH} → {@code storage.sqlite.database_path}). */
  public static StorageConfig fromEnvironment(Map<String, String> variables) {
    return StorageConfig.fromMap(environmentValues(variables));
  }

  /**
   * The canonical key an environment variable sets, if it is one this library reads. The segment
   * after {@code STORAGE_} is the backend and the rest, lower-cased with its underscores kept, the
   * key: {@code STORAGE_POSTGRES_MAX_CONNECTIONS} → {@code storage.postgres.max_connections}.
   * Only the upper-case form counts.
   */
  public static Optional<String> keyForEnvironmentVariable(String name) {
    if (REFLOW_ENVIRONMENT.containsKey(name)) {
      return Optional.of(REFLOW_ENVIRONMENT.get(name));
    }
    if (!ENV_NAME.matcher(name).matches()) {
      return Optional.empty();
    }
    String rest = name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT);
    int split = rest.indexOf('_');
    if (split < 0 || TOP_LEVEL_KEYS.contains(rest)) {
      return Optional.of(StorageConfig.PREFIX + rest);
    }
    String backend = rest.substring(0, split);
    String key = rest.substring(split + 1);
    if (key.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(StorageConfig.PREFIX + backend + "." + key);
  }

  private static Map<String, String> environmentValues(Map<String, String> variables) {
    Map<String, String> reflow = new LinkedHashMap<>();
    Map<String, String> ours = new LinkedHashMap<>();
    variables.forEach((name, value) -> {
      if (name == null || isBlank(value)) {
        return;
      }
      keyForEnvironmentVariable(name).ifPresent(key ->
          (REFLOW_ENVIRONMENT.containsKey(name) ? reflow : ours).put(key, value));
    });
    reflow.putAll(ours);
    return reflow;
  }

  private static Map<String, String> storageKeys(Map<?, ?> map) {
    Map<String, String> out = new LinkedHashMap<>();
    map.forEach((k, v) -> {
      if (k == null || v == null) {
        return;
      }
      String key = StorageConfig.normalize(k.toString());
      String value = v.toString().trim();
      if (key.startsWith(StorageConfig.PREFIX) && !isBlank(value)) {
        StorageConfig.putOnce(out, key, value);
      }
    });
    return out;
  }

  private static Map<String, String> readFileValues(Path file) {
    Objects.requireNonNull(file, "file");
    String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
    boolean toml = name.endsWith(".toml");
    if (!toml && !name.endsWith(".properties")) {
      throw new StorageConfigurationException("Unsupported configuration file " + file
          + ". Use a .toml file (Reflow's reflow_tracing.toml format) or a .properties file with keys such as storage.backend.");
    }
    String content = readText(file);
    Map<String, String> values = toml ? TomlConfigFile.parse(content, file.toString()) : parseProperties(content, file);
    values.values().removeIf(StorageConfigLoader::isBlank);
    return values;
  }

  private static String readText(Path file) {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
    } catch (NoSuchFileException e) {
      throw new StorageConfigurationException("Configuration file not found: " + file, e);
    } catch (CharacterCodingException e) {
      throw new StorageConfigurationException("Configuration file " + file + " is not valid UTF-8", e);
    } catch (IOException e) {
      throw new StorageConfigurationException("Could not read configuration file " + file + ": " + e, e);
    }
  }

  private static Map<String, String> parseProperties(String content, Path file) {
    Properties properties = new Properties();
    try {
      properties.load(new StringReader(content));
    } catch (IOException | IllegalArgumentException e) {
      // Properties.load reports a malformed \\uXXXX escape as IllegalArgumentException, without a line.
      throw new StorageConfigurationException(
          "Invalid properties file " + file + ": " + Redaction.redact(e.getMessage()), e);
    }
    Map<String, String> map = new LinkedHashMap<>();
    properties.stringPropertyNames().forEach(k -> map.put(k, properties.getProperty(k)));
    return storageKeys(map);
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }

  /** The four layers; each setter replaces that layer. */
  public static final class Builder {
    private Map<String, String> defaults = Map.of();
    private Map<String, String> file = Map.of();
    private Path filePath;
    private Map<String, String> environment = Map.of();
    private Map<String, String> systemProperties = Map.of();

    private Builder() {}

    /** Lowest layer: canonical keys, used when no other layer sets them. */
    public Builder defaults(Map<String, ?> canonical) {
      this.defaults = storageKeys(canonical);
      return this;
    }

    /** The file layer from a {@code .toml} or {@code .properties} file, read when {@link #build()} runs. */
    public Builder file(Path path) {
      this.filePath = Objects.requireNonNull(path, "path");
      this.file = Map.of();
      return this;
    }

    /** The file layer given as canonical keys (instead of a file). */
    public Builder fileValues(Map<String, ?> canonical) {
      this.filePath = null;
      this.file = storageKeys(canonical);
      return this;
    }

    /** The environment layer from these variables (names as in {@link System#getenv()}). */
    public Builder environment(Map<String, String> variables) {
      this.environment = environmentValues(variables);
      return this;
    }

    /** The environment layer from this process's environment. */
    public Builder environment() {
      return environment(System.getenv());
    }

    /** The system-property layer from these properties (canonical keys; others are ignored). */
    public Builder systemProperties(Map<?, ?> properties) {
      this.systemProperties = storageKeys(properties);
      return this;
    }

    /** The system-property layer from a {@link Properties} object, including its defaults. */
    public Builder systemProperties(Properties properties) {
      Map<String, String> map = new LinkedHashMap<>();
      properties.stringPropertyNames().forEach(k -> map.put(k, properties.getProperty(k)));
      return systemProperties(map);
    }

    /** The system-property layer from this JVM's system properties. */
    public Builder systemProperties() {
      return systemProperties(System.getProperties());
    }

    /**
     * The merged configuration.
     *
     * @throws StorageConfigurationException when the file cannot be read or parsed
     */
    public StorageConfig build() {
      Map<String, String> merged = new LinkedHashMap<>(defaults);
      merged.putAll(filePath == null ? file : readFileValues(filePath));
      merged.putAll(environment);
      merged.putAll(systemProperties);
      return StorageConfig.fromMap(merged);
    }
  }
}
