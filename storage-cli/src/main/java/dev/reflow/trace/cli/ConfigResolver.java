package dev.reflow.trace.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.StorageConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Builds the command line's configuration. Precedence, highest first: {@code -D}, system
 * properties, environment variables, the {@code --config} file, and the command line's defaults
 * (backend {@code sqlite} at {@code ./reflow-traces.db}), so that a bare {@code reflow-trace demo}
 * works with nothing configured.
 */
final class ConfigResolver {
  static final Map<String, String> DEFAULTS = Map.of(
      StorageConfig.BACKEND, "sqlite",
      "storage.sqlite.database_path", "./reflow-traces.db");

  private ConfigResolver() {}

  static StorageConfig resolve(CliContext context, Path file, Map<String, String> overrides) {
    StorageConfig config = StorageConfig.fromMap(DEFAULTS);
    if (file != null) {
      config = config.overriddenBy(readFile(file));
    }
    config = config.overriddenBy(fromEnvironment(context.environment()));
    config = config.overriddenBy(storageKeys(context.systemProperties()));
    for (String key : overrides.keySet()) {
      if (!key.toLowerCase(Locale.ROOT).startsWith(StorageConfig.PREFIX)) {
        throw new CliUsageException("Unknown configuration key -D " + key
            + ": keys start with storage., e.g. -D storage.backend=sqlite");
      }
    }
    return config.overriddenBy(storageKeys(overrides));
  }

  /** A Java properties file ({@code .properties}) or Reflow's TOML (anything else). */
  static StorageConfig readFile(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".properties")) {
        Properties p = new Properties();
        p.load(in);
        Map<String, String> map = new TreeMap<>();
        p.stringPropertyNames().forEach(n -> map.put(n, p.getProperty(n)));
        return storageKeys(map);
      }
      Map<String, String> flat = new TreeMap<>();
      flatten("", new TomlMapper().readTree(in), flat);
      return storageKeys(flat);
    } catch (NoSuchFileException e) {
      throw new StorageConfigurationException("Configuration file not found: " + file);
    } catch (IOException e) {
      throw new StorageConfigurationException("Cannot read configuration file " + file + ": " + e.getMessage(), e);
    }
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
      }
    } else if (!node.isNull()) {
      out.put(prefix, node.isValueNode() ? node.asText() : node.toString());
    }
  }

  /** {@code STORAGE_BACKEND} → {@code storage.backend}, {@code STORAGE_SQLITE_DATABASE_PATH} → {@code storage.sqlite.database_path}. */
  static StorageConfig fromEnvironment(Map<String, String> env) {
    Map<String, String> map = new TreeMap<>();
    env.forEach((name, value) -> {
      if (name.startsWith("STORAGE_") && name.length() > 8) {
        String[] parts = name.substring(8).toLowerCase(Locale.ROOT).split("_", 2);
        map.put(StorageConfig.PREFIX + String.join(".", parts), value);
      }
    });
    return StorageConfig.fromMap(map);
  }

  private static StorageConfig storageKeys(Map<String, String> map) {
    Map<String, String> kept = new TreeMap<>();
    map.forEach((k, v) -> {
      if (k.toLowerCase(Locale.ROOT).startsWith(StorageConfig.PREFIX)) {
        kept.put(k, v);
      }
    });
    return StorageConfig.fromMap(kept);
  }
}
