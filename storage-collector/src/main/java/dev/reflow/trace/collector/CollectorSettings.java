package dev.reflow.trace.collector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.reflow.trace.storage.Redaction;
import dev.reflow.trace.storage.StorageConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the collector's settings as Reflow's collector configuration holds them: the TOML file's
 * {@code [server]} table (and {@code [otlp]}, kept for the exporter), upstream's environment
 * variables, then explicit overrides. {@code [storage]} is read by the storage configuration; any
 * other table is ignored with one WARN line.
 */
public final class CollectorSettings {
  private static final Logger LOG = LoggerFactory.getLogger(CollectorSettings.class);
  private static final Set<String> READ = Set.of("server", "storage", "otlp");

  /** Upstream's environment overrides, and the token's (which should not sit in a file). */
  private static final Map<String, String> ENVIRONMENT = Map.of(
      "REFLOW_TRACING_HOST", "server.host",
      "REFLOW_TRACING_PORT", "server.port",
      "REFLOW_TRACING_AUTH_TOKEN", "server.auth_token");

  private CollectorSettings() {}

  /**
   * The {@code server.*} and {@code otlp.*} keys, lowest precedence first: file, environment,
   * overrides.
   *
   * @param file Reflow's TOML file, a {@code .properties} file, or null
   */
  public static Map<String, String> load(Path file, Map<String, String> environment, Map<String, String> overrides) {
    Map<String, String> keys = new LinkedHashMap<>();
    if (file != null) {
      keys.putAll(file.getFileName().toString().endsWith(".properties") ? properties(file) : toml(file));
    }
    ENVIRONMENT.forEach((variable, key) -> {
      String value = environment.get(variable);
      if (value != null && !value.isBlank()) {
        keys.put(key, value.trim());
      }
    });
    overrides.forEach((k, v) -> keys.put(k.trim().toLowerCase(Locale.ROOT), v));
    return keys;
  }

  private static Map<String, String> toml(Path file) {
    JsonNode root;
    try {
      root = new TomlMapper().readTree(Files.readString(file));
    } catch (IOException e) {
      throw new StorageConfigurationException("Could not read " + file + ": " + Redaction.redact(e.getMessage()), e);
    }
    Map<String, String> out = new LinkedHashMap<>();
    Set<String> ignored = new TreeSet<>();
    if (root != null) {
      for (Map.Entry<String, JsonNode> table : root.properties()) {
        String name = table.getKey().trim().toLowerCase(Locale.ROOT);
        if (!READ.contains(name)) {
          ignored.add(name);
        } else if (!name.equals("storage") && table.getValue().isObject()) {
          for (Map.Entry<String, JsonNode> field : table.getValue().properties()) {
            if (field.getValue().isValueNode()) {
              out.put(name + "." + field.getKey().trim().toLowerCase(Locale.ROOT), field.getValue().asText());
            }
          }
        }
      }
    }
    if (!ignored.isEmpty()) {
      LOG.warn("{}: ignoring {} (not used by this collector)", file.getFileName(),
          ignored.stream().map(n -> "[" + n + "]").toList());
    }
    return out;
  }

  private static Map<String, String> properties(Path file) {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
    } catch (IOException e) {
      throw new StorageConfigurationException("Could not read " + file + ": " + e.getMessage(), e);
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : p.stringPropertyNames()) {
      String key = name.trim().toLowerCase(Locale.ROOT);
      if (key.startsWith("server.") || key.startsWith("otlp.")) {
        out.put(key, p.getProperty(name).trim());
      }
    }
    return out;
  }

  /** Whether a {@code -D} key belongs to the collector rather than to storage. */
  public static boolean isCollectorKey(String key) {
    String k = key.trim().toLowerCase(Locale.ROOT);
    return List.of("server.", "otlp.").stream().anyMatch(k::startsWith);
  }
}
