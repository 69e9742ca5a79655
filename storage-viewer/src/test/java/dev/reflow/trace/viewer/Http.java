package dev.reflow.trace.viewer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The JDK HTTP client against a viewer, with an optional bearer token. */
final class Http {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String base;
  private final String token;

  /** @param base {@code http://host:port/} */
  Http(String base, String token) {
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    this.token = token;
  }

  Http withToken(String other) {
    return new Http(base, other);
  }

  HttpResponse<byte[]> get(String pathAndQuery) {
    return send("GET", pathAndQuery);
  }

  HttpResponse<byte[]> send(String method, String pathAndQuery) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(20))
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    try {
      return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new AssertionError("GET " + pathAndQuery + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** GETs and parses the JSON body, asserting the status. */
  JsonNode json(String pathAndQuery, int expectedStatus) {
    HttpResponse<byte[]> r = get(pathAndQuery);
    String body = new String(r.body(), StandardCharsets.UTF_8);
    if (r.statusCode() != expectedStatus) {
      throw new AssertionError("GET " + pathAndQuery + ": expected " + expectedStatus + ", got " + r.statusCode() + ": " + body);
    }
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + body, e);
    }
  }

  static String enc(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
