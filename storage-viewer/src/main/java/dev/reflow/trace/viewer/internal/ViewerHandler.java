package dev.reflow.trace.viewer.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Map;

/**
 * One connection's HTTP requests: hands each to the {@link ViewerService} and writes its response
 * with the security headers every response carries. Reading pauses while a request is answered, so
 * pipelined requests are answered in order. Under a collector, a WebSocket upgrade is passed on to
 * the collector's handlers and this handler leaves the pipeline.
 */
public final class ViewerHandler extends ChannelInboundHandlerAdapter {
  /** No inline script or style, nothing from elsewhere, no framing. */
  static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
      + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  private final ViewerService service;
  private final boolean passUpgrades;

  /** @param passUpgrades whether WebSocket upgrades go on to the next handler (the collector's) */
  public ViewerHandler(ViewerService service, boolean passUpgrades) {
    this.service = service;
    this.passUpgrades = passUpgrades;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof FullHttpRequest request)) {
      ctx.fireChannelRead(msg);
      return;
    }
    if (passUpgrades && isWebSocketUpgrade(request)) {
      ctx.pipeline().remove(this);
      ctx.fireChannelRead(request);
      return;
    }
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    HttpRequest head = new DefaultHttpRequest(request.protocolVersion(), request.method(), request.uri(),
        request.headers().copy());
    boolean malformed = request.decoderResult().isFailure();
    request.release();
    if (malformed) {
      write(ctx, Response.json(400, ApiJson.error("bad_request", "the HTTP request could not be read "
          + "(a request line or header too long, or malformed)", null), "bad_request"), false);
      return;
    }
    ctx.channel().config().setAutoRead(false);
    service.submit(head, response -> ctx.executor().execute(() -> {
      write(ctx, response, keepAlive);
      ctx.channel().config().setAutoRead(true);
    }));
  }

  private static boolean isWebSocketUpgrade(HttpRequest request) {
    HttpHeaders h = request.headers();
    return h.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
        && h.contains(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
  }

  private static void write(ChannelHandlerContext ctx, Response r, boolean keepAlive) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()),
        Unpooled.wrappedBuffer(r.body()));
    HttpHeaders h = response.headers();
    h.set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
    h.setInt(HttpHeaderNames.CONTENT_LENGTH, r.body().length);
    h.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    h.set("X-Content-Type-Options", "nosniff");
    h.set("X-Frame-Options", "DENY");
    h.set("Referrer-Policy", "no-referrer");
    h.set(HttpHeaderNames.CACHE_CONTROL, "no-store");
    for (Map.Entry<String, String> e : r.headers().entrySet()) {
      h.set(e.getKey(), e.getValue());
    }
    HttpUtil.setKeepAlive(response, keepAlive);
    var future = ctx.writeAndFlush(response);
    if (!keepAlive) {
      future.addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
