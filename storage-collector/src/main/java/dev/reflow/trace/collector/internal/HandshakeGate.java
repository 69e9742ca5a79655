package dev.reflow.trace.collector.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits a WebSocket handshake or refuses it: HTTP 401 without the configured token (as
 * {@code Authorization: Bearer …} or the {@code token} query parameter, compared in constant
 * time), HTTP 503 beyond {@code max_connections}. Removes itself once a connection is admitted;
 * the admitted count is released when the channel closes.
 */
final class HandshakeGate extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(HandshakeGate.class);

  private final byte[] token;
  private final int maxConnections;
  private final AtomicInteger admitted;
  private final CollectorMetrics metrics;

  HandshakeGate(String token, int maxConnections, AtomicInteger admitted, CollectorMetrics metrics) {
    this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    this.maxConnections = maxConnections;
    this.admitted = admitted;
    this.metrics = metrics;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof FullHttpRequest request)) {
      ReferenceCountUtil.release(msg);
      ctx.close();
      return;
    }
    if (token != null && !authorized(request)) {
      metrics.connectionsRefused.increment();
      LOG.warn("Refused a connection from {}: missing or wrong auth token (server.auth_token is set)",
          ctx.channel().remoteAddress());
      refuse(ctx, request, HttpResponseStatus.UNAUTHORIZED, "missing or wrong token: send Authorization: Bearer <token> "
          + "or add ?token=<token> to the URL\n");
      return;
    }
    while (true) {
      int n = admitted.get();
      if (n >= maxConnections) {
        metrics.connectionsRefused.increment();
        LOG.warn("Refused a connection from {}: {} connections open, the limit server.max_connections", 
            ctx.channel().remoteAddress(), n);
        refuse(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE, "too many connections (server.max_connections="
            + maxConnections + ")\n");
        return;
      }
      if (admitted.compareAndSet(n, n + 1)) {
        break;
      }
    }
    ctx.channel().closeFuture().addListener(f -> admitted.decrementAndGet());
    ctx.pipeline().remove(this);
    ctx.fireChannelRead(request);
  }

  private boolean authorized(FullHttpRequest request) {
    String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
        && MessageDigest.isEqual(token, header.substring(7).trim().getBytes(StandardCharsets.UTF_8))) {
      return true;
    }
    List<String> values = new QueryStringDecoder(request.uri()).parameters().get("token");
    if (values != null) {
      for (String v : values) {
        if (MessageDigest.isEqual(token, v.getBytes(StandardCharsets.UTF_8))) {
          return true;
        }
      }
    }
    return false;
  }

  private static void refuse(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status, String body) {
    ReferenceCountUtil.release(request);
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
        Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }
}
