package dev.reflow.trace.storage.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.reflow.trace.storage.Redaction;
import dev.reflow.trace.storage.StorageConfigurationException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the storage part of Reflow's tracing configuration file ({@code reflow_tracing.toml}).
 *
 * <p>Reflow deserializes that file into its {@code Config} struct, whose {@code storage} field is
 * the top-level {@code [storage]} table ({@code backend = "sqlite"}) with optional
 * {@code [storage.sqlite]}, {@code [storage.postgres]}, {@code [storage.mongodb]} and
 * {@code [storage.memory]} tables. The other top-level tables ({@code [server]},
 * {@code [compression]}, {@code [metrics]}, {@code [otlp]}) are not storage settings and are
 * ignored here. Tables and inline tables flatten to dotted keys ({@code storage.sqlite.database_path});
 * arrays have no meaning in that layout and are rejected naming the key.
 */
public final class TomlConfigFile {
  private static final TomlMapper MAPPER = new TomlMapper();

  private TomlConfigFile() {}

  /**
   * The {@code storage.*} keys of a TOML document, in file order.
   *
   * @param source the file name used in error messages
   * @throws StorageConfigurationException on a syntax error (naming file, line and column), a
   *     missing {@code [storage]} table, or a value that does not fit a flat key
   */
  public static Map<String, String> parse(String content, String source) {
    JsonNode root;
    try {
      root = MAPPER.readTree(content);
    } catch (StreamReadException e) {
      throw syntaxError(source, e);
    } catch (IOException e) {
      throw new StorageConfigurationException(
          "Could not read TOML configuration file " + source + ": " + Redaction.redact(e.getMessage()), e);
    }
    if (root == null || !root.isObject()) {
      throw noStorageTable(source, List.of());
    }
    JsonNode storage = root.get("storage");
    if (storage == null) {
      throw noStorageTable(source, nestedStorageTables(root));
    }
    if (!storage.isObject()) {
      throw new StorageConfigurationException("In " + source + ", storage must be a table ([storage]), not "
          + describe(storage) + ".");
    }
    Map<String, String> out = new LinkedHashMap<>();
    flatten("storage", storage, out, source);
    return out;
  }

  private static void flatten(String prefix, JsonNode table, Map<String, String> out, String source) {
    Iterator<Map.Entry<String, JsonNode>> fields = table.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String key = prefix + "." + field.getKey().trim().toLowerCase(Locale.ROOT);
      JsonNode value = field.getValue();
      if (value.isObject()) {
        if (key.equals("storage.backend")) {
          throw unsupported(source, key, value, "It must be a backend name such as \"sqlite\".");
        }
        flatten(key, value, out, source);
      } else if (value.isArray()) {
        throw unsupported(source, key, value, "Storage settings are single values (string, number or boolean).");
      } else {
        // Quoted keys may contain dots ("a.b" = 1) and keys differ only in case: both can collide
        // with a table key after flattening, and silently keeping one would hide a mistake.
        if (out.containsKey(key)) {
          throw new StorageConfigurationException("In " + source + ", " + key
              + " is defined twice (as a dotted or differently cased key and as a table key).");
        }
        out.put(key, value.asText());
      }
    }
  }

  private static StorageConfigurationException syntaxError(String source, StreamReadException e) {
    JsonLocation at = e.getLocation();
    String where = at == null || at.getLineNr() < 1
        ? ""
        : " at line " + at.getLineNr() + (at.getColumnNr() > 0 ? ", column " + at.getColumnNr() : "");
    return new StorageConfigurationException(
        "Invalid TOML in " + source + where + ": " + Redaction.redact(e.getOriginalMessage()), e);
  }

  private static StorageConfigurationException unsupported(String source, String key, JsonNode value, String hint) {
    return new StorageConfigurationException("Unsupported value for " + key + " in " + source + ": "
        + describe(value) + ". " + hint);
  }

  private static StorageConfigurationException noStorageTable(String source, List<String> nested) {
    String found = nested.isEmpty()
        ? ""
        : " It has " + String.join(", ", nested) + ", but Reflow reads storage settings only from the "
            + "top-level [storage] table; move them there.";
    return new StorageConfigurationException(source + " has no [storage] table." + found
        + " Reflow's tracing configuration selects the backend with [storage] backend = \"<name>\" and "
        + "keeps its settings in [storage.<backend>].");
  }

  // Points the user at a [storage] table they may have put under another table by mistake.
  private static List<String> nestedStorageTables(JsonNode root) {
    List<String> nested = new ArrayList<>();
    root.fields().forEachRemaining(e -> {
      if (e.getValue().isObject() && e.getValue().has("storage")) {
        nested.add("[" + e.getKey() + ".storage]");
      }
    });
    return nested;
  }

  private static String describe(JsonNode value) {
    if (value.isArray()) {
      return "an array";
    }
    if (value.isObject()) {
      return "a table";
    }
    return "\"" + Redaction.redact(value.asText()) + "\"";
  }
}
