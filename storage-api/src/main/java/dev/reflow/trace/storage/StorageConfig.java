package dev.reflow.trace.storage;

import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Immutable configuration with canonical lowercase dotted keys: {@code storage.backend} and
 * {@code storage.<backend>.<key>}, using Reflow's own key names ({@code database_path},
 * {@code connection_url}, {@code max_connections}, …). Typed getters fail with a
 * {@link StorageConfigurationException} that names the key and the bad value.
 *
 * <p>{@link #fromMap(Map)} ignores the environment (for tests). Loading from system properties,
 * environment variables and Reflow's TOML file, with precedence system properties &gt;
 * environment &gt; file &gt; defaults, is done by {@link StorageConfigLoader}.
 */
public final class StorageConfig {
  /** The key that selects the backend by provider name. */
  public static final String BACKEND = "storage.backend";
  /** Prefix of every key this library reads. */
  public static final String PREFIX = "storage.";

  private final Map<String, String> values;

  private StorageConfig(Map<String, String> values) {
    this.values = Collections.unmodifiableMap(new TreeMap<>(values));
  }

  /**
   * Configuration from canonical keys (any case); values are converted with {@code String.valueOf}
   * and trimmed, null values skipped.
   *
   * @throws StorageConfigurationException when two keys differ only in case and have different
   *     values, since which one wins would be arbitrary
   */
  public static StorageConfig fromMap(Map<String, ?> map) {
    Map<String, String> copy = new TreeMap<>();
    map.forEach((k, v) -> {
      if (k != null && v != null) {
        putOnce(copy, k, String.valueOf(v).trim());
      }
    });
    return new StorageConfig(copy);
  }

  /** Puts under the normalized key, failing if a differently spelled key already set another value. */
  static void putOnce(Map<String, String> map, String key, String value) {
    String k = normalize(key);
    String previous = map.put(k, value);
    if (previous != null && !previous.equals(value)) {
      throw new StorageConfigurationException("Configuration key " + k + " is given twice with different values ("
          + Redaction.displayValue(k, previous) + " and " + Redaction.displayValue(k, value)
          + "), spelled in different case. Keep one.");
    }
  }

  /** Configuration from Java properties with canonical keys. */
  public static StorageConfig fromProperties(Properties properties) {
    Map<String, String> map = new TreeMap<>();
    for (String name : properties.stringPropertyNames()) {
      map.put(name, properties.getProperty(name));
    }
    return fromMap(map);
  }

  /** An empty configuration. */
  public static StorageConfig empty() {
    return new StorageConfig(Map.of());
  }

  /** This configuration with one key set (or removed, when {@code value} is null). */
  public StorageConfig with(String key, Object value) {
    Map<String, String> copy = new TreeMap<>(values);
    String k = normalize(key);
    if (value == null) {
      copy.remove(k);
    } else {
      copy.put(k, String.valueOf(value).trim());
    }
    return new StorageConfig(copy);
  }

  /** This configuration with {@code overrides} taking precedence. */
  public StorageConfig overriddenBy(StorageConfig overrides) {
    Map<String, String> copy = new TreeMap<>(values);
    copy.putAll(overrides.values);
    return new StorageConfig(copy);
  }

  /** Every key and value; values of secret keys are not redacted here. */
  public Map<String, String> asMap() {
    return values;
  }

  /** The selected backend name (lowercased), if set. */
  public Optional<String> backend() {
    return get(BACKEND).map(s -> s.toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty());
  }

  /** The value of a key (keys are case-insensitive), if set. */
  public Optional<String> get(String key) {
    return Optional.ofNullable(values.get(normalize(key)));
  }

  public String getString(String key, String defaultValue) {
    return values.getOrDefault(normalize(key), defaultValue);
  }

  /** @throws StorageConfigurationException when the key is absent or blank */
  public String require(String key) {
    String k = normalize(key);
    String v = values.get(k);
    if (v == null || v.isEmpty()) {
      throw new StorageConfigurationException(
          "Missing required configuration key " + k + " (environment variable " + environmentName(k) + ")");
    }
    return v;
  }

  /** @throws StorageConfigurationException naming the key and value when it is not an integer */
  public int getInt(String key, int defaultValue) {
    String v = values.get(normalize(key));
    if (v == null) {
      return defaultValue;
    }
    long n = parseInteger(key, v);
    if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
      throw invalid(key, v, "Must be an integer between " + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE + ".");
    }
    return (int) n;
  }

  /**
   * An integer from {@code min} to {@code max}, inclusive. Text that is no integer, or one outside
   * the range (however large), fails with the same message, which names the range the setting
   * allows rather than the range of {@code int}.
   *
   * @throws StorageConfigurationException naming the key, the value and the range
   */
  public int getInt(String key, int defaultValue, int min, int max) {
    return (int) getLong(key, defaultValue, min, max);
  }

  /**
   * An integer from {@code min} to {@code max}, inclusive, as {@link #getInt(String, int, int, int)}.
   *
   * @throws StorageConfigurationException naming the key, the value and the range
   */
  public long getLong(String key, long defaultValue, long min, long max) {
    if (min > max) {
      throw new IllegalArgumentException("empty range " + min + ".." + max + " for " + key);
    }
    String v = values.get(normalize(key));
    if (v == null) {
      return defaultValue;
    }
    String expectation = "Must be an integer between " + min + " and " + max + ".";
    long n;
    try {
      n = Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw invalid(key, v, expectation);
    }
    if (n < min || n > max) {
      throw invalid(key, v, expectation);
    }
    return n;
  }

  /** @throws StorageConfigurationException naming the key and value when it is not an integer */
  public long getLong(String key, long defaultValue) {
    String v = values.get(normalize(key));
    if (v == null) {
      return defaultValue;
    }
    return parseInteger(key, v);
  }

  private static long parseInteger(String key, String v) {
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      if (v.matches("[+-]?\\d+")) {
        throw invalid(key, v, "Must be an integer between " + Long.MIN_VALUE + " and " + Long.MAX_VALUE + ".");
      }
      throw invalid(key, v, "Must be an integer.");
    }
  }

  /** {@code true/false}, also {@code yes/no}, {@code on/off}, {@code 1/0}, in any case. */
  public boolean getBoolean(String key, boolean defaultValue) {
    String v = values.get(normalize(key));
    if (v == null) {
      return defaultValue;
    }
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0" -> false;
      default -> throw invalid(key, v, "Must be true or false.");
    };
  }

  /**
   * A duration: a number with unit {@code ms}, {@code s}, {@code m}, {@code h}, {@code d} or
   * {@code w} ({@code 90s}, {@code 30d}), or ISO-8601 ({@code PT15M}). A bare number is seconds,
   * as Reflow's {@code *_secs} keys are.
   */
  public Duration getDuration(String key, Duration defaultValue) {
    String v = values.get(normalize(key));
    if (v == null) {
      return defaultValue;
    }
    try {
      return Durations.parse(v);
    } catch (IllegalArgumentException e) {
      throw invalid(key, v, "Must be a non-negative duration such as 90s, 15m, 2h, 7d or PT15M.");
    }
  }

  /** A view of {@code storage.<backend>.*} with short key names. */
  public Section section(String backend) {
    return new Section(this, PREFIX + backend.toLowerCase(Locale.ROOT) + ".");
  }

  /** Whether any {@code storage.<backend>.*} key is set. */
  public boolean hasSection(String backend) {
    String prefix = PREFIX + backend.toLowerCase(Locale.ROOT) + ".";
    return values.keySet().stream().anyMatch(k -> k.startsWith(prefix));
  }

  /** The environment variable that sets a key: {@code storage.sqlite.database_path} → {@code STORAGE_SQLITE_DATABASE_PATH}. */
  public static String environmentName(String key) {
    return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  static StorageConfigurationException invalid(String key, String value, String expectation) {
    String k = normalize(key);
    return new StorageConfigurationException(
        "Invalid value for " + k + "=" + Redaction.displayValue(k, value) + ". " + expectation);
  }

  // Canonical keys are lowercase; callers and sources may use any case and stray blanks.
  static String normalize(String key) {
    return key.trim().toLowerCase(Locale.ROOT);
  }

  /** The configuration with secrets masked and URL credentials removed. */
  @Override
  public String toString() {
    Map<String, String> shown = new TreeMap<>();
    values.forEach((k, v) -> shown.put(k, Redaction.displayValue(k, v)));
    return "StorageConfig" + shown;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StorageConfig c && values.equals(c.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  /**
   * The keys of one backend, {@code storage.<backend>.<name>}, read by short name. Errors name
   * the full key.
   */
  public static final class Section {
    private final StorageConfig config;
    private final String prefix;

    private Section(StorageConfig config, String prefix) {
      this.config = config;
      this.prefix = prefix;
    }

    /** {@code storage.<backend>.} */
    public String prefix() {
      return prefix;
    }

    /** The full key for a short name. */
    public String key(String name) {
      return prefix + name;
    }

    public Optional<String> get(String name) {
      return config.get(key(name));
    }

    public String getString(String name, String defaultValue) {
      return config.getString(key(name), defaultValue);
    }

    public String require(String name) {
      return config.require(key(name));
    }

    public int getInt(String name, int defaultValue) {
      return config.getInt(key(name), defaultValue);
    }

    public long getLong(String name, long defaultValue) {
      return config.getLong(key(name), defaultValue);
    }

    /** An integer from {@code min} to {@code max}; see {@link StorageConfig#getInt(String, int, int, int)}. */
    public int getInt(String name, int defaultValue, int min, int max) {
      return config.getInt(key(name), defaultValue, min, max);
    }

    /** An integer from {@code min} to {@code max}; see {@link StorageConfig#getLong(String, long, long, long)}. */
    public long getLong(String name, long defaultValue, long min, long max) {
      return config.getLong(key(name), defaultValue, min, max);
    }

    public boolean getBoolean(String name, boolean defaultValue) {
      return config.getBoolean(key(name), defaultValue);
    }

    public Duration getDuration(String name, Duration defaultValue) {
      return config.getDuration(key(name), defaultValue);
    }

    /** A configuration error about one of this section's keys. */
    public StorageConfigurationException invalid(String name, String value, String expectation) {
      return StorageConfig.invalid(key(name), value, expectation);
    }
  }
}
