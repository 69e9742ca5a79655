package dev.reflow.trace.viewer.internal;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a route answers: status, content type, body and extra headers. The Netty handler adds the
 * security headers every response carries.
 *
 * @param route the route's name for metrics ({@code traces}, {@code trace}, {@code asset}, …)
 */
record Response(int status, String contentType, byte[] body, Map<String, String> headers, String route) {

  static final String JSON = "application/json; charset=utf-8";

  static Response json(int status, byte[] body, String route) {
    return new Response(status, JSON, body, Map.of(), route);
  }

  static Response text(int status, String contentType, String body, String route) {
    return new Response(status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of(), route);
  }

  Response withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new Response(status, contentType, body, h, route);
  }
}
