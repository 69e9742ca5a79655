package dev.reflow.trace.collector;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Reflow-style client over the JDK's WebSocket: one JSON request per Text frame; a reply in a
 * Binary frame is zstd-decompressed (or taken as UTF-8), as Reflow's client does.
 */
final class WsClient implements AutoCloseable {
  /** A received message: its JSON text and whether it came as a Binary frame. */
  record Message(String json, boolean binary) {}

  private final WebSocket ws;
  private final BlockingQueue<Message> received = new LinkedBlockingQueue<>();
  final CompletableFuture<Integer> closed = new CompletableFuture<>();

  private WsClient(WebSocket ws) {
    this.ws = ws;
  }

  static WsClient connect(String url) {
    return connect(url, Map.of());
  }

  static WsClient connect(String url, Map<String, String> headers) {
    Listener listener = new Listener();
    WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
    headers.forEach(b::header);
    WebSocket ws = b.buildAsync(URI.create(url), listener).join();
    WsClient c = new WsClient(ws);
    listener.client = c;
    return c;
  }

  void send(String json) {
    ws.sendText(json, true).join();
  }

  void sendBinary(byte[] bytes) {
    ws.sendBinary(ByteBuffer.wrap(bytes), true).join();
  }

  /** Sends and returns the next message. */
  String request(String json) {
    send(json);
    return next().json();
  }

  Message next() {
    try {
      Message m = received.poll(10, TimeUnit.SECONDS);
      if (m == null) {
        throw new AssertionError("no message from the collector within 10 s");
      }
      return m;
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** The next message within the time, or null. */
  Message poll(long millis) throws InterruptedException {
    return received.poll(millis, TimeUnit.MILLISECONDS);
  }

  void ping(String payload) {
    ws.sendPing(ByteBuffer.wrap(payload.getBytes(StandardCharsets.UTF_8))).join();
  }

  @Override
  public void close() {
    try {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      ws.abort();
    }
  }

  void abort() {
    ws.abort();
  }

  private static final class Listener implements WebSocket.Listener {
    volatile WsClient client;
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
    final BlockingQueue<String> pongs = new LinkedBlockingQueue<>();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        client.received.add(new Message(text.toString(), false));
        text.setLength(0);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      byte[] b = new byte[data.remaining()];
      data.get(b);
      binary.writeBytes(b);
      if (last) {
        byte[] all = binary.toByteArray();
        binary.reset();
        String json;
        try {
          json = new String(Zstd.decompress(all, (int) Zstd.getFrameContentSize(all)), StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
          json = new String(all, StandardCharsets.UTF_8);
        }
        client.received.add(new Message(json, true));
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
      byte[] b = new byte[message.remaining()];
      message.get(b);
      client.received.add(new Message("PONG-FRAME:" + new String(b, StandardCharsets.UTF_8), false));
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      client.closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      client.closed.complete(-1);
    }
  }
}
