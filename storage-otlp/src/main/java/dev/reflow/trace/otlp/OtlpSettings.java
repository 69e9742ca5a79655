package dev.reflow.trace.otlp;

import dev.reflow.trace.storage.Durations;
import dev.reflow.trace.storage.StorageConfigurationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code [otlp]} settings: Reflow's keys ({@code enabled}, {@code endpoint},
 * {@code service_name}) and this library's. Read from flattened {@code otlp.*} keys with
 * {@link #fromMap}; {@code docs/otlp.md} has the table.
 *
 * <p>{@link #toString()} never shows header values: they usually carry credentials.
 *
 * @param enabled whether the collector exports finalized traces
 * @param endpoint base URL; {@code /v1/traces} is appended
 * @param headers sent with every request; values are secrets
 * @param maxBatchTraces traces per request
 * @param maxQueue traces waiting for the asynchronous exporter before new ones are dropped
 * @param maxAttempts sends per request before it counts as failed
 */
public record OtlpSettings(
    boolean enabled,
    URI endpoint,
    String serviceName,
    OtlpExporter.Protocol protocol,
    Map<String, String> headers,
    Duration timeout,
    boolean gzip,
    int maxBatchTraces,
    int maxQueue,
    int maxAttempts,
    OtlpMapping.Options mappingOptions) {

  public static final String PREFIX = "otlp.";
  /** OpenTelemetry's default OTLP/HTTP endpoint. */
  public static final URI DEFAULT_ENDPOINT = URI.create("http://localhost:4318");

  private static final Set<String> KEYS = Set.of("enabled", "endpoint", "service_name", "protocol", "headers",
      "timeout", "compression", "max_batch_traces", "max_queue", "max_attempts", "custom_attributes", "metrics",
      "resource_attributes");

  public OtlpSettings {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(serviceName, "serviceName");
    Objects.requireNonNull(protocol, "protocol");
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(mappingOptions, "mappingOptions");
    if (maxBatchTraces < 1 || maxQueue < 1 || maxAttempts < 1) {
      throw new IllegalArgumentException("max_batch_traces, max_queue and max_attempts must be positive");
    }
  }

  /** Every key at its default: disabled, {@code http://localhost:4318}, upstream's mapping. */
  public static OtlpSettings defaults() {
    return fromMap(Map.of());
  }

  /**
   * Settings from {@code otlp.*} keys (Reflow's {@code [otlp]} table flattened; other keys are
   * ignored), defaults for the rest. Headers and resource attributes are given as
   * {@code name=value} lists separated by commas (OpenTelemetry's {@code OTEL_EXPORTER_OTLP_HEADERS}
   * form, values percent-decoded) or one key each ({@code otlp.headers.<name>}).
   *
   * @throws StorageConfigurationException naming the key whose value is invalid (header values
   *     are never shown)
   */
  public static OtlpSettings fromMap(Map<String, String> keys) {
    boolean enabled = false;
    URI endpoint = DEFAULT_ENDPOINT;
    String serviceName = OtlpMapping.DEFAULT_SERVICE_NAME;
    OtlpExporter.Protocol protocol = OtlpExporter.Protocol.HTTP_JSON;
    Map<String, String> headers = new LinkedHashMap<>();
    Duration timeout = Duration.ofSeconds(10);
    boolean gzip = false;
    int maxBatchTraces = 32;
    int maxQueue = 1024;
    int maxAttempts = 5;
    boolean customAttributes = false;
    boolean metrics = false;
    Map<String, String> resourceAttributes = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : keys.entrySet()) {
      String key = e.getKey().trim();
      if (!key.toLowerCase(Locale.ROOT).startsWith(PREFIX)) {
        continue;
      }
      String name = key.substring(PREFIX.length());
      String lower = name.toLowerCase(Locale.ROOT);
      String value = e.getValue() == null ? "" : e.getValue().trim();
      if (lower.startsWith("headers.")) {
        headers.put(name.substring("headers.".length()), value);
        continue;
      }
      if (lower.startsWith("resource_attributes.")) {
        resourceAttributes.put(name.substring("resource_attributes.".length()), value);
        continue;
      }
      switch (lower) {
        case "enabled" -> enabled = bool(lower, value);
        case "endpoint" -> endpoint = endpoint(value);
        case "service_name" -> serviceName = value.isEmpty() ? OtlpMapping.DEFAULT_SERVICE_NAME : value;
        case "protocol" -> protocol = protocol(value);
        case "headers" -> headers.putAll(pairs(lower, value, true));
        case "timeout" -> timeout = duration(lower, value);
        case "compression" -> gzip = switch (value.toLowerCase(Locale.ROOT)) {
          case "gzip" -> true;
          case "none", "" -> false;
          default -> throw invalid(lower, value, "gzip or none");
        };
        case "max_batch_traces" -> maxBatchTraces = positive(lower, value);
        case "max_queue" -> maxQueue = positive(lower, value);
        case "max_attempts" -> maxAttempts = positive(lower, value);
        case "custom_attributes" -> customAttributes = bool(lower, value);
        case "metrics" -> metrics = bool(lower, value);
        case "resource_attributes" -> resourceAttributes.putAll(pairs(lower, value, false));
        default -> { } // reported by unknownKeys
      }
    }
    if (resourceAttributes.containsKey("service.name")) {
      throw new StorageConfigurationException(
          "otlp.resource_attributes must not set service.name; use otlp.service_name.");
    }
    return new OtlpSettings(enabled, endpoint, serviceName, protocol, headers, timeout, gzip, maxBatchTraces,
        maxQueue, maxAttempts, new OtlpMapping.Options(customAttributes, metrics, resourceAttributes));
  }

  /**
   * One warning per {@code otlp.*} key this library does not read (a typo must not pass
   * unnoticed; a warning rather than an error so that a newer file works with an older version).
   * Names only: values may be secrets.
   */
  public static List<String> unknownKeys(Map<String, String> keys) {
    List<String> warnings = new ArrayList<>();
    for (String raw : keys.keySet()) {
      String key = raw.trim().toLowerCase(Locale.ROOT);
      if (!key.startsWith(PREFIX)) {
        continue;
      }
      String name = key.substring(PREFIX.length());
      if (!KEYS.contains(name) && !name.startsWith("headers.") && !name.startsWith("resource_attributes.")) {
        warnings.add("Unknown OTLP setting " + key + " is ignored. Known: " + new java.util.TreeSet<>(KEYS) + ".");
      }
    }
    return warnings;
  }

  /** Settings for the synchronous sender. */
  public OtlpExporter.Config exporterConfig() {
    return new OtlpExporter.Config(endpoint, protocol, headers, timeout, gzip, maxAttempts, Duration.ofSeconds(1),
        Duration.ofSeconds(5));
  }

  /** The mapping with this {@code service_name} and options. */
  public OtlpMapping mapping() {
    return new OtlpMapping(serviceName, mappingOptions);
  }

  /** The same settings with these changes (the command line's options over the configuration). */
  public OtlpSettings with(URI newEndpoint, OtlpExporter.Protocol newProtocol, Map<String, String> extraHeaders,
      String newServiceName) {
    Map<String, String> merged = new LinkedHashMap<>(headers);
    merged.putAll(extraHeaders);
    return new OtlpSettings(enabled, newEndpoint != null ? newEndpoint : endpoint,
        newServiceName != null ? newServiceName : serviceName, newProtocol != null ? newProtocol : protocol, merged,
        timeout, gzip, maxBatchTraces, maxQueue, maxAttempts, mappingOptions);
  }

  /** Header names only; their values are shown as {@code ****}. */
  @Override
  public String toString() {
    return "OtlpSettings[enabled=" + enabled + ", endpoint=" + OtlpExporter.displayUrl(endpoint) + ", service_name=" + serviceName
        + ", protocol=" + protocol.configName() + ", headers=" + headers.keySet().stream().map(h -> h + "=****").toList()
        + ", timeout=" + timeout + ", compression=" + (gzip ? "gzip" : "none") + ", max_batch_traces=" + maxBatchTraces
        + ", max_queue=" + maxQueue + ", max_attempts=" + maxAttempts + ", custom_attributes="
        + mappingOptions.customAttributes() + ", metrics=" + mappingOptions.metrics() + ", resource_attributes="
        + mappingOptions.resourceAttributes() + "]";
  }

  /** {@code http/json} or {@code http/protobuf} (also {@code json} and {@code protobuf}). */
  public static OtlpExporter.Protocol protocol(String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "http/json", "json", "" -> OtlpExporter.Protocol.HTTP_JSON;
      case "http/protobuf", "protobuf" -> OtlpExporter.Protocol.HTTP_PROTOBUF;
      case "grpc" -> throw new StorageConfigurationException("Invalid value for otlp.protocol=grpc. This exporter "
          + "speaks OTLP/HTTP only: use http/protobuf (port 4318) or http/json.");
      default -> throw invalid("protocol", value, "http/json or http/protobuf");
    };
  }

  /** An http or https URL with a host. */
  public static URI endpoint(String value) {
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw new StorageConfigurationException("Invalid value for otlp.endpoint: not a URL (" + e.getReason() + ").");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      throw new StorageConfigurationException("Invalid value for otlp.endpoint=" + dev.reflow.trace.storage.Redaction.redact(value)
          + ". Must be an http or https URL such as http://localhost:4318.");
    }
    return uri;
  }

  /**
   * {@code name=value,name=value}, values percent-decoded. Header values are secrets: an error
   * names the entry's position and never shows it.
   */
  static Map<String, String> pairs(String key, String value, boolean secret) {
    Map<String, String> out = new LinkedHashMap<>();
    if (value.isBlank()) {
      return out;
    }
    String[] entries = value.split(",");
    for (int i = 0; i < entries.length; i++) {
      String entry = entries[i];
      int eq = entry.indexOf('=');
      String name = eq < 0 ? "" : entry.substring(0, eq).trim();
      if (name.isEmpty()) {
        throw new StorageConfigurationException("Invalid value for otlp." + key + ": entry " + (i + 1)
            + (secret ? "" : " (" + entry.trim() + ")") + " is not name=value. Expected name=value pairs separated by commas.");
      }
      String v = entry.substring(eq + 1).trim();
      try {
        v = URLDecoder.decode(v.replace("+", "%2B"), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException notEncoded) {
        // taken as written
      }
      out.put(name, v);
    }
    return out;
  }

  private static boolean bool(String name, String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "on" -> true;
      case "false", "off", "" -> false;
      default -> throw invalid(name, value, "true or false");
    };
  }

  private static int positive(String name, String value) {
    try {
      int n = Integer.parseInt(value);
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid(name, value, "a positive integer");
  }

  private static Duration duration(String name, String value) {
    try {
      Duration d = Durations.parse(value);
      if (!d.isZero()) {
        return d;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw invalid(name, value, "a positive duration such as 10 (seconds), 10s or 500ms");
  }

  private static StorageConfigurationException invalid(String name, String value, String expectation) {
    return new StorageConfigurationException("Invalid value for otlp." + name + "=" + value + ". Must be " + expectation + ".");
  }
}
