package dev.reflow.trace.viewer;

import dev.reflow.trace.collector.HttpRoutes;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.viewer.internal.ViewerHandler;
import dev.reflow.trace.viewer.internal.ViewerService;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The trace viewer on a port of its own ({@code reflow-trace view}): the read-only HTTP API and the
 * web page over a {@link TraceStorage}. {@link #routes} mounts the same on a collector's port
 * instead. See {@code docs/viewer.md}.
 */
public final class Viewer implements AutoCloseable {
  /** The default bind address of {@code reflow-trace view}. */
  public static final String DEFAULT_HOST = "127.0.0.1";
  /** The default port of {@code reflow-trace view}. */
  public static final int DEFAULT_PORT = 8081;

  private final ViewerService service;
  private final EventLoopGroup group;
  private final Channel channel;
  private final InetSocketAddress address;

  private Viewer(ViewerService service, EventLoopGroup group, Channel channel) {
    this.service = service;
    this.group = group;
    this.channel = channel;
    this.address = (InetSocketAddress) channel.localAddress();
  }

  /**
   * Binds and serves until {@link #close()}. The caller keeps owning the storage.
   *
   * @param port the TCP port; 0 picks a free one
   * @param authToken the token the API requires ({@code Authorization: Bearer} or {@code ?token=}), or null
   */
  public static Viewer start(TraceStorage storage, String host, int port, String authToken) {
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(host, "host");
    ViewerService service = new ViewerService(storage, null, authToken, Clock.systemUTC());
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      Channel channel = new ServerBootstrap()
          .group(group)
          .channel(NioServerSocketChannel.class)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              ch.pipeline()
                  .addLast(new HttpServerCodec())
                  .addLast(new HttpObjectAggregator(64 * 1024))
                  .addLast(new ViewerHandler(service, false));
            }
          })
          .bind(host, port).syncUninterruptibly().channel();
      return new Viewer(service, group, channel);
    } catch (RuntimeException e) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      service.close();
      throw e;
    }
  }

  /**
   * The viewer as routes of a collector ({@code Collector.start(…, routes)}): the same API and page
   * on the collector's port, with the collector's in-flight traces listed. Close it after the
   * collector.
   */
  public static ViewerRoutes routes(TraceStorage storage, String authToken) {
    return new ViewerRoutes(storage, authToken);
  }

  /** The address it listens on (the real port when 0 was asked for). */
  public InetSocketAddress address() {
    return address;
  }

  /** {@code http://host:port/}, the page's address. */
  public String url() {
    return url(address);
  }

  /** {@code http://host:port/} for a bound address (brackets around an IPv6 host). */
  public static String url(InetSocketAddress address) {
    String host = address.getAddress().getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return "http://" + host + ":" + address.getPort() + "/";
  }

  /** Stops listening and answering; idempotent. Does not close the storage. */
  @Override
  public void close() {
    channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    service.close();
  }

  /** The viewer mounted on a collector; see {@link #routes}. */
  public static final class ViewerRoutes implements HttpRoutes, AutoCloseable {
    private final TraceStorage storage;
    private final String authToken;
    private ViewerService service;

    private ViewerRoutes(TraceStorage storage, String authToken) {
      this.storage = Objects.requireNonNull(storage, "storage");
      this.authToken = authToken;
    }

    @Override
    public synchronized io.netty.channel.ChannelHandler newHandler(dev.reflow.trace.collector.LiveTraces live) {
      if (service == null) {
        service = new ViewerService(storage, live, authToken, Clock.systemUTC());
      }
      return new ViewerHandler(service, true);
    }

    @Override
    public synchronized void close() {
      if (service != null) {
        service.close();
      }
    }
  }
}
