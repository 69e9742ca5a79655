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
    return load(file, environment, Map.of(), overrides);
  }

  /**
   * The {@code server.*} and {@code otlp.*} keys under the storage keys' precedence, lowest first:
   * file, environment ({@code REFLOW_TRACING_HOST}, {@code _PORT}, {@code _AUTH_TOKEN}, and {@code OTLP_<KEY>} for {@code otlp.<key>},
   * e.g. {@code OTLP_ENDPOINT}), system properties with canonical keys, overrides ({@code -D}).
   *
   * @param file Reflow's TOML file, a {@code .properties} file, or null
   */
  public static Map<String, String> load(Path file, Map<String, String> environment, Map<?, ?> systemProperties,
      Map<String, String> overrides) {
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
    environment.forEach((variable, value) -> {
      if (variable != null && variable.startsWith(OTLP_ENV_PREFIX) && variable.length() > OTLP_ENV_PREFIX.length()
          && variable.equals(variable.toUpperCase(Locale.ROOT)) && value != null && !value.isBlank()) {
        keys.put("otlp." + variable.substring(OTLP_ENV_PREFIX.length()).toLowerCase(Locale.ROOT), value.trim());
      }
    });
    systemProperties.forEach((k, v) -> {
      if (k != null && v != null && isCollectorKey(k.toString()) && !v.toString().isBlank()) {
        keys.put(k.toString().trim().toLowerCase(Locale.ROOT), v.toString().trim());
      }
    });
    overrides.forEach((k, v) -> keys.put(normalize(k), v));
    return keys;
  }

  private static final String OTLP_ENV_PREFIX = "OTLP_";

  /**
   * Lower case, except the name after {@code otlp.headers.} or {@code otlp.resource_attributes.},
   * which is a header or attribute name and keeps its spelling.
   */
  private static String normalize(String key) {
    String k = key.trim();
    String lower = k.toLowerCase(Locale.ROOT);
    for (String table : NAMED_ENTRIES) {
      if (lower.startsWith(table)) {
        return table + k.substring(table.length());
      }
    }
    return lower;
  }

  private static final List<String> NAMED_ENTRIES = List.of("otlp.headers.", "otlp.resource_attributes.");

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
            String key = name + "." + field.getKey().trim().toLowerCase(Locale.ROOT);
            if (field.getValue().isValueNode()) {
              out.put(key, field.getValue().asText());
            } else if (field.getValue().isObject() && NAMED_ENTRIES.contains(key + ".")) {
              // [otlp.headers] / [otlp.resource_attributes]: one entry per name, spelled as written
              for (Map.Entry<String, JsonNode> entry : field.getValue().properties()) {
                out.put(key + "." + entry.getKey().trim(), entry.getValue().asText());
              }
            }
          }
        }
      }
    }
    if (!ignored.isEmpty()) {
      // Named one by one ("[compression], [metrics]"): a List's own text would double the brackets.
      LOG.warn("{}: ignoring {} (not read by reflow-trace)", file.getFileName(),
          String.join(", ", ignored.stream().map(n -> "[" + n + "]").toList()));
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
      String key = normalize(name);
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
