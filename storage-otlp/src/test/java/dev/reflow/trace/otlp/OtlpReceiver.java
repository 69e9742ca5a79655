package dev.reflow.trace.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.zip.GZIPInputStream;

/**
 * An in-process OTLP/HTTP receiver: decodes every request it is sent (JSON strictly, protobuf,
 * gzip or not) and answers 200 unless told otherwise; {@link #hold()} makes it stall until
 * {@link #release()}, to play a slow collector.
 */
final class OtlpReceiver implements AutoCloseable {
  private final HttpServer server;
  private final List<ExportTraceServiceRequest> requests = new CopyOnWriteArrayList<>();
  private volatile int status = 200;
  private volatile CountDownLatch gate = new CountDownLatch(0);

  OtlpReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
    server.createContext("/v1/traces", exchange -> {
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      byte[] body = exchange.getRequestBody().readAllBytes();
      if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
          body = in.readAllBytes();
        }
      }
      int answer = status;
      if (answer == 200) {
        requests.add(decode(exchange.getRequestHeaders().getFirst("Content-Type"), body));
      }
      exchange.sendResponseHeaders(answer, -1);
      exchange.close();
    });
    server.start();
  }

  private static ExportTraceServiceRequest decode(String contentType, byte[] body) {
    try {
      return "application/json".equals(contentType)
          ? OtlpJson.parse(new String(body, StandardCharsets.UTF_8))
          : ExportTraceServiceRequest.parseFrom(body);
    } catch (InvalidProtocolBufferException e) {
      throw new UncheckedIOException(e);
    }
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  void answer(int status) {
    this.status = status;
  }

  void hold() {
    gate = new CountDownLatch(1);
  }

  void release() {
    gate.countDown();
  }

  List<ExportTraceServiceRequest> requests() {
    return requests;
  }

  /** Every span received, in arrival order. */
  List<Span> spans() {
    List<Span> spans = new ArrayList<>();
    requests.forEach(r -> r.getResourceSpansList().forEach(rs -> rs.getScopeSpansList()
        .forEach(ss -> spans.addAll(ss.getSpansList()))));
    return spans;
  }

  @Override
  public void close() {
    release();
    server.stop(0);
  }
}
