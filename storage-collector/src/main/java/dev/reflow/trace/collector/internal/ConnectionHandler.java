package dev.reflow.trace.collector.internal;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStream;
import dev.reflow.trace.collector.protocol.ErrorCode;
import dev.reflow.trace.collector.protocol.InvalidRequestException;
import dev.reflow.trace.collector.protocol.Reply;
import dev.reflow.trace.collector.protocol.Request;
import dev.reflow.trace.collector.protocol.RequestDecoder;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection: reads request frames (Text, or Binary holding zstd-compressed or
 * plain JSON), hands them to the engine, and writes the replies in request order, each as Text or,
 * above 1,024 bytes, as a zstd Binary frame. Subscription pushes are Text, queued per connection
 * with a bound (the oldest dropped and counted) so a slow subscriber never holds up ingest. A
 * client that pipelines far ahead of its replies is paused (auto-read off) until they catch up.
 * All state is touched on the channel's event loop only.
 */
final class ConnectionHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionHandler.class);
  static final int COMPRESS_ABOVE = 1024;
  private static final int PAUSE_AT = 1024;
  private static final int RESUME_AT = 256;
  private static final long MAX_DECOMPRESSED = 64L << 20;

  private final TraceAggregator engine;
  private final CollectorMetrics metrics;
  private final int pushCapacity;
  private final ArrayDeque<CompletableFuture<Reply>> pending = new ArrayDeque<>();
  private final ArrayDeque<byte[]> pushes = new ArrayDeque<>();
  /** The reply nearly every request gets, encoded once (read-only: wrapped, never written to). */
  private static final byte[] RECORDED_OK = Reply.EventRecorded.OK.toJson();
  /** Whether a drain task is queued on the event loop (set by the threads completing replies). */
  private final AtomicBoolean drainQueued = new AtomicBoolean();
  private final Runnable drainTask = () -> {
    drainQueued.set(false);
    drain();
  };
  private ChannelHandlerContext ctx;
  private Session session;
  private boolean open;

  ConnectionHandler(TraceAggregator engine, CollectorMetrics metrics, int pushCapacity) {
    this.engine = engine;
    this.metrics = metrics;
    this.pushCapacity = pushCapacity;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.session = new Session() {
      @Override
      void push(byte[] json) {
        ctx.executor().execute(() -> enqueuePush(json));
      }

      @Override
      String remote() {
        return String.valueOf(ctx.channel().remoteAddress());
      }
    };
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
      open = true;
      metrics.connectionsActive.incrementAndGet();
      metrics.connectionsTotal.increment();
      LOG.debug("Connection {} from {} open", session.id, session.remote());
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
    byte[] bytes;
    if (frame instanceof TextWebSocketFrame) {
      bytes = ByteBufUtil.getBytes(frame.content());
    } else if (frame instanceof BinaryWebSocketFrame) {
      try {
        bytes = binaryPayload(ByteBufUtil.getBytes(frame.content()));
      } catch (IOException | RuntimeException e) {
        metrics.messagesReceived.increment();
        metrics.errorsTotal.increment();
        enqueue(CompletableFuture.completedFuture(new Reply.Error(
            "invalid Binary frame: not zstd-compressed or plain UTF-8 JSON (" + e.getMessage() + ")",
            ErrorCode.InvalidRequest)));
        return;
      }
    } else {
      return; // ping, pong and close are handled by the protocol handler
    }
    Request request;
    try {
      request = RequestDecoder.decode(bytes);
    } catch (InvalidRequestException e) {
      metrics.messagesReceived.increment();
      metrics.errorsTotal.increment();
      enqueue(CompletableFuture.completedFuture(new Reply.Error("invalid request: " + e.getMessage(),
          ErrorCode.InvalidRequest)));
      return;
    }
    enqueue(engine.handle(session, request));
  }

  /** A zstd frame (by its magic number) is decompressed; anything else is taken as plain JSON. */
  static byte[] binaryPayload(byte[] b) throws IOException {
    boolean zstd = b.length >= 4 && (b[0] & 0xff) == 0x28 && (b[1] & 0xff) == 0xb5 && (b[2] & 0xff) == 0x2f
        && (b[3] & 0xff) == 0xfd;
    if (!zstd) {
      return b;
    }
    long size = Zstd.getFrameContentSize(b);
    if (size >= 0 && size <= MAX_DECOMPRESSED) {
      return Zstd.decompress(b, (int) size);
    }
    try (InputStream in = new ZstdInputStream(new ByteArrayInputStream(b))) {
      byte[] out = in.readNBytes((int) MAX_DECOMPRESSED + 1);
      if (out.length > MAX_DECOMPRESSED) {
        throw new IOException("decompresses to more than " + MAX_DECOMPRESSED + " bytes");
      }
      return out;
    }
  }

  private void enqueue(CompletableFuture<Reply> reply) {
    pending.add(reply);
    if (pending.size() >= PAUSE_AT) {
      ctx.channel().config().setAutoRead(false);
    }
    if (reply.isDone()) {
      drain();
    } else {
      // A group commit completes many replies at once: one drain task per connection writes them
      // all and flushes once, rather than a task (and an event-loop wake-up) per reply.
      reply.whenComplete((r, e) -> {
        if (drainQueued.compareAndSet(false, true)) {
          ctx.executor().execute(drainTask);
        }
      });
    }
  }

  /** Writes every reply at the head of the queue that is ready, in request order. */
  private void drain() {
    boolean wrote = false;
    while (!pending.isEmpty() && pending.peek().isDone()) {
      Reply reply;
      try {
        reply = pending.poll().join();
      } catch (RuntimeException e) {
        reply = new Reply.Error("internal error: " + e.getMessage(), ErrorCode.InternalError);
      }
      write(reply == Reply.EventRecorded.OK ? RECORDED_OK : reply.toJson());
      wrote = true;
    }
    if (wrote) {
      ctx.flush();
    }
    if (pending.size() <= RESUME_AT && !ctx.channel().config().isAutoRead() && ctx.channel().isActive()) {
      ctx.channel().config().setAutoRead(true);
    }
  }

  private void write(byte[] json) {
    metrics.messagesSent.increment();
    if (!ctx.channel().isActive()) {
      return;
    }
    if (json.length > COMPRESS_ABOVE) {
      ctx.write(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(Zstd.compress(json, 3))));
    } else {
      ctx.write(new TextWebSocketFrame(Unpooled.wrappedBuffer(json)));
    }
  }

  private void enqueuePush(byte[] json) {
    if (!ctx.channel().isActive()) {
      return;
    }
    if (ctx.channel().isWritable() && pushes.isEmpty()) {
      metrics.messagesSent.increment();
      ctx.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(json)));
      return;
    }
    if (pushes.size() >= pushCapacity) {
      pushes.poll();
      metrics.notificationsDropped.increment();
    }
    pushes.add(json);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    while (ctx.channel().isWritable() && !pushes.isEmpty()) {
      metrics.messagesSent.increment();
      ctx.write(new TextWebSocketFrame(Unpooled.wrappedBuffer(pushes.poll())));
    }
    ctx.flush();
    super.channelWritabilityChanged(ctx);
  }

  /** Whether every reply has been written (for a graceful shutdown). */
  boolean idle() {
    return pending.isEmpty();
  }

  /** Stops reading new requests; replies to those already read still go out. */
  void stopReading() {
    ctx.channel().config().setAutoRead(false);
  }

  void sendClose() {
    ctx.writeAndFlush(new CloseWebSocketFrame(1001, "collector shutting down"));
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (open) {
      open = false;
      metrics.connectionsActive.decrementAndGet();
      engine.disconnected(session);
      LOG.debug("Connection {} from {} closed", session.id, session.remote());
    }
    pushes.clear();
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("Connection {} failed: {}", session.id, cause.toString());
    ctx.close();
  }
}
