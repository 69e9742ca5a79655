package dev.reflow.trace.cli;

import com.sun.net.httpserver.HttpServer;
import dev.reflow.trace.otlp.OtlpJson;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * An in-process OTLP/HTTP receiver on 127.0.0.1 for the export tests: {@code POST /v1/traces}
 * answers {@link #status}; when that is 200 the request is decoded (gzip, OTLP/JSON strictly or
 * protobuf, by its content type) and kept in {@link #received}, its {@code Authorization} header
 * in {@link #authorization}.
 */
final class OtlpReceiver implements AutoCloseable {
  private final HttpServer server;
  volatile int status = 200;
  final List<ExportTraceServiceRequest> received = new CopyOnWriteArrayList<>();
  final List<String> authorization = new CopyOnWriteArrayList<>();

  private OtlpReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/traces", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
          body = in.readAllBytes();
        }
      }
      int answer = status;
      if (answer == 200) {
        authorization.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        received.add("application/json".equals(exchange.getRequestHeaders().getFirst("Content-Type"))
            ? OtlpJson.parse(new String(body, StandardCharsets.UTF_8))
            : ExportTraceServiceRequest.parseFrom(body));
      }
      exchange.sendResponseHeaders(answer, -1);
      exchange.close();
    });
    server.start();
  }

  static OtlpReceiver start() throws IOException {
    return new OtlpReceiver();
  }

  /** The base URL, as {@code --otlp-endpoint} takes it. */
  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
