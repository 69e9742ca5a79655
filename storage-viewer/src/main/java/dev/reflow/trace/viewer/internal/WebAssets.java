package dev.reflow.trace.viewer.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The web page's files, read once from the jar ({@code dev/reflow/trace/viewer/web/}): plain HTML,
 * CSS and JavaScript, no build step and nothing fetched from elsewhere. Scripts are files, never
 * inline, so that the Content-Security-Policy can forbid inline scripts.
 */
final class WebAssets {
  static final List<String> FILES = List.of("index.html", "trace.html", "viewer.css", "common.js", "list.js",
      "trace.js", "favicon.svg");
  private static final String BASE = "/dev/reflow/trace/viewer/web/";

  record Asset(String contentType, byte[] body) {}

  private final Map<String, Asset> assets = new HashMap<>();

  WebAssets() {
    for (String name : FILES) {
      try (InputStream in = WebAssets.class.getResourceAsStream(BASE + name)) {
        if (in == null) {
          throw new IllegalStateException("the viewer's " + name + " is missing from the jar");
        }
        assets.put(name, new Asset(contentType(name), in.readAllBytes()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** The asset with this file name, or null. */
  Asset get(String name) {
    return assets.get(name);
  }

  private static String contentType(String name) {
    if (name.endsWith(".html")) {
      return "text/html; charset=utf-8";
    } else if (name.endsWith(".css")) {
      return "text/css; charset=utf-8";
    } else if (name.endsWith(".js")) {
      return "text/javascript; charset=utf-8";
    } else if (name.endsWith(".svg")) {
      return "image/svg+xml";
    }
    return "application/octet-stream";
  }
}
