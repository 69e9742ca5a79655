package dev.reflow.trace.collector.internal;

import dev.reflow.trace.collector.AccessToken;

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
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
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

  private final AccessToken token;
  private final int maxConnections;
  private final AtomicInteger admitted;
  private final CollectorMetrics metrics;

  HandshakeGate(String token, int maxConnections, AtomicInteger admitted, CollectorMetrics metrics) {
    this.token = AccessToken.ofNullable(token);
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
    if (token != null && !token.admits(request)) {
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

  private static void refuse(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status, String body) {
    ReferenceCountUtil.release(request);
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
        Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }
}
