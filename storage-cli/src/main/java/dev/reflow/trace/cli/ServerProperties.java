package dev.reflow.trace.cli;

import dev.reflow.trace.collector.CollectorSettings;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code -D} keys of the commands that run a server ({@code serve}, {@code view}), split into
 * the collector's keys ({@code server.*}, {@code otlp.*}) and the storage's, plus {@code --host}
 * and {@code --port} as server keys.
 */
record ServerProperties(Map<String, String> storage, Map<String, String> server) {

  static ServerProperties of(Map<String, String> properties, String host, Integer port) {
    Map<String, String> storage = new LinkedHashMap<>();
    Map<String, String> server = new LinkedHashMap<>();
    properties.forEach((k, v) -> (CollectorSettings.isCollectorKey(k) ? server : storage).put(k, v));
    if (host != null) {
      server.put("server.host", host);
    }
    if (port != null) {
      server.put("server.port", Integer.toString(port));
    }
    return new ServerProperties(storage, server);
  }
}
