package dev.reflow.trace.storage.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.reflow.trace.storage.Redaction;
import dev.reflow.trace.storage.StorageConfigurationException;
import java.io.IOException;
import java.util.ArrayList;
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
      throw syntaxError(content, source, e);
    } catch (IOException e) {
      throw new StorageConfigurationException(
          "Could not read TOML configuration file " + source + ": " + Redaction.redact(e.getMessage()), e);
    }
    if (root == null || !root.isObject()) {
      throw noStorageTable(source, List.of());
    }
    // Canonical keys are case-insensitive everywhere else, so [Storage] counts too; two spellings
    // of one key then meet in flatten()'s duplicate check.
    Map<String, String> out = new LinkedHashMap<>();
    boolean found = false;
    for (Map.Entry<String, JsonNode> field : root.properties()) {
      if (!field.getKey().trim().equalsIgnoreCase("storage")) {
        continue;
      }
      JsonNode storage = field.getValue();
      if (!storage.isObject()) {
        throw new StorageConfigurationException("In " + source + ", storage must be a table ([storage]), not "
            + describe(storage) + ".");
      }
      found = true;
      flatten("storage", storage, out, source);
    }
    if (!found) {
      throw noStorageTable(source, nestedStorageTables(root));
    }
    return out;
  }

  private static void flatten(String prefix, JsonNode table, Map<String, String> out, String source) {
    for (Map.Entry<String, JsonNode> field : table.properties()) {
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

  private static StorageConfigurationException syntaxError(String content, String source, StreamReadException e) {
    JsonLocation at = e.getLocation();
    String message = String.valueOf(e.getOriginalMessage());
    String where;
    if (at == null || at.getLineNr() < 1) {
      where = "";
    } else if (message.startsWith("Duplicate key")) {
      // Jackson notices a duplicate only after the value and any trailing comment, newline and
      // blank lines, so its position is past the offending line: name the line that holds it.
      where = " at line " + lastSignificantLine(content, at.getLineNr(), at.getColumnNr());
    } else {
      where = " at line " + at.getLineNr() + (at.getColumnNr() > 0 ? ", column " + at.getColumnNr() : "");
    }
    return new StorageConfigurationException(
        "Invalid TOML in " + source + where + ": " + Redaction.redact(message), e);
  }

  // The last line at or before (line, column) that holds something other than blanks or a comment.
  private static int lastSignificantLine(String content, int line, int column) {
    String[] lines = content.split("\\R", -1);
    for (int n = Math.min(line, lines.length); n >= 1; n--) {
      String text = lines[n - 1];
      if (n == line && column > 0) {
        text = text.substring(0, Math.min(text.length(), column - 1));
      }
      String trimmed = text.strip();
      if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
        return n;
      }
    }
    return line;
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
    root.properties().forEach(e -> {
      if (e.getValue().isObject() && e.getValue().has("storage") && !e.getKey().equalsIgnoreCase("storage")) {
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
