package dev.reflow.trace.otlp;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.GZIPOutputStream;

/**
 * Delivers OTLP requests to {@code POST {endpoint}/v1/traces} over the JDK's HTTP client, the way
 * OpenTelemetry's own exporters do (upstream Reflow sends once and drops failures): 429, 502, 503,
 * 504 and connection errors are retried with exponential backoff and jitter (between half and all of the doubled delay), a
 * {@code Retry-After} header (seconds or HTTP date) replaces the computed delay, and after
 * {@code maxAttempts} sends the request fails with {@link OtlpExportException}.
 *
 * <p>Nothing is logged; exception messages name the endpoint without its user info and never the
 * headers, which may carry credentials. Synchronous and thread-safe.
 */
public final class OtlpExporter {
  private static final Set<Integer> RETRYABLE = Set.of(429, 502, 503, 504);

  /** The OTLP/HTTP encodings. */
  public enum Protocol {
    HTTP_JSON("http/json", "application/json"),
    HTTP_PROTOBUF("http/protobuf", "application/x-protobuf");

    private final String configName;
    private final String contentType;

    Protocol(String configName, String contentType) {
      this.configName = configName;
      this.contentType = contentType;
    }

    /** The name OpenTelemetry's configuration uses, e.g. {@code http/protobuf}. */
    public String configName() {
      return configName;
    }
  }

  /**
   * @param endpoint base URL; {@code /v1/traces} is appended (a trailing slash is dropped first)
   * @param headers sent with every request, e.g. an authorization header
   * @param maxAttempts sends per request, at least 1
   * @param initialBackoff delay before the second send; doubled per retry up to {@code maxBackoff}
   */
  public record Config(
      URI endpoint,
      Protocol protocol,
      Map<String, String> headers,
      Duration timeout,
      boolean gzip,
      int maxAttempts,
      Duration initialBackoff,
      Duration maxBackoff) {
    public Config {
      Objects.requireNonNull(endpoint, "endpoint");
      Objects.requireNonNull(protocol, "protocol");
      headers = Map.copyOf(Objects.requireNonNull(headers, "headers"));
      Objects.requireNonNull(timeout, "timeout");
      Objects.requireNonNull(initialBackoff, "initialBackoff");
      Objects.requireNonNull(maxBackoff, "maxBackoff");
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
      }
      String scheme = endpoint.getScheme();
      if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
        throw new IllegalArgumentException("OTLP endpoint must be an http or https URL, got scheme " + scheme);
      }
    }

    /** Upstream's defaults (JSON, 10 s timeout, no compression) with OpenTelemetry's retry policy (5 attempts, 1 s to 5 s). */
    public static Config defaults(URI endpoint) {
      return new Config(endpoint, Protocol.HTTP_JSON, Map.of(), Duration.ofSeconds(10), false, 5,
          Duration.ofSeconds(1), Duration.ofSeconds(5));
    }
  }

  private final Config config;
  private final URI tracesUri;
  private final HttpClient client;

  public OtlpExporter(Config config) {
    this.config = Objects.requireNonNull(config, "config");
    this.tracesUri = tracesUri(config.endpoint());
    this.client = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
  }

  /**
   * Sends the request, retrying as the class describes.
   *
   * @throws OtlpExportException when the endpoint rejects it or stays unreachable
   * @throws InterruptedException when interrupted while sending or waiting to retry
   */
  public void export(ExportTraceServiceRequest request) throws OtlpExportException, InterruptedException {
    byte[] body = encode(request);
    HttpRequest.Builder http = HttpRequest.newBuilder(tracesUri)
        .timeout(config.timeout())
        .header("Content-Type", config.protocol().contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (config.gzip()) {
      http.header("Content-Encoding", "gzip");
    }
    config.headers().forEach(http::header);
    HttpRequest built = http.build();
    for (int attempt = 1; ; attempt++) {
      Duration retryAfter = null;
      int status = -1;
      IOException failure = null;
      try {
        HttpResponse<Void> response = client.send(built, HttpResponse.BodyHandlers.discarding());
        status = response.statusCode();
        if (status >= 200 && status < 300) {
          return;
        }
        retryAfter = retryAfter(response).orElse(null);
      } catch (IOException e) {
        failure = e;
      }
      boolean retryable = failure != null || RETRYABLE.contains(status);
      if (!retryable || attempt >= config.maxAttempts()) {
        String what = failure != null ? "could not reach " + safeEndpoint() + ": " + failure.getClass().getSimpleName()
            : safeEndpoint() + " answered HTTP " + status;
        throw new OtlpExportException("OTLP export failed after " + attempt + " attempt(s): " + what,
            attempt, status, failure);
      }
      Thread.sleep((retryAfter != null ? retryAfter : backoff(attempt)).toMillis());
    }
  }

  /** Full jitter over the exponential delay for the retry after {@code attempt} sends. */
  private Duration backoff(int attempt) {
    long base = config.initialBackoff().toMillis();
    long cap = config.maxBackoff().toMillis();
    long exp = attempt >= 31 ? cap : Math.min(cap, base << (attempt - 1));
    return Duration.ofMillis(ThreadLocalRandom.current().nextLong(exp / 2, exp + 1));
  }

  /** {@code Retry-After} as delay-seconds or an HTTP date; a past date or negative value is zero. */
  static Optional<Duration> retryAfter(HttpResponse<?> response) {
    return response.headers().firstValue("Retry-After").flatMap(OtlpExporter::parseRetryAfter);
  }

  static Optional<Duration> parseRetryAfter(String value) {
    String v = value.strip();
    try {
      return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v))));
    } catch (NumberFormatException notSeconds) {
      try {
        Duration d = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
      } catch (RuntimeException notDate) {
        return Optional.empty();
      }
    }
  }

  private byte[] encode(ExportTraceServiceRequest request) {
    byte[] raw = config.protocol() == Protocol.HTTP_JSON
        ? OtlpJson.print(request).getBytes(StandardCharsets.UTF_8)
        : request.toByteArray();
    if (!config.gzip()) {
      return raw;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 4 + 64);
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(raw);
    } catch (IOException e) {
      throw new UncheckedIOException("gzip into memory failed", e);
    }
    return out.toByteArray();
  }

  /** {@code {endpoint}/v1/traces}, a trailing slash of the endpoint dropped first (as upstream does). */
  static URI tracesUri(URI endpoint) {
    String base = endpoint.toString();
    return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/v1/traces");
  }

  /** Where requests to {@code endpoint} go, without user info, query or fragment: safe to show. */
  public static String displayUrl(URI endpoint) {
    URI uri = tracesUri(endpoint);
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "") + uri.getRawPath();
  }

  private String safeEndpoint() {
    return displayUrl(config.endpoint());
  }
}
