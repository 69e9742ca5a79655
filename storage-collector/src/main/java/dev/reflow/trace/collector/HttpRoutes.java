package dev.reflow.trace.collector;

import io.netty.channel.ChannelHandler;

/**
 * Plain HTTP routes served on the collector's port next to the WebSocket endpoint (the trace
 * viewer). For each new connection the collector asks for a handler and places it after the HTTP
 * codec and aggregator, before the WebSocket handshake: the handler receives every
 * {@code FullHttpRequest}, answers the ones it serves and passes a WebSocket upgrade on with
 * {@code fireChannelRead} (then it may remove itself). The collector's auth token and connection
 * limit apply to the WebSocket handshake only; routes enforce their own access rules.
 */
@FunctionalInterface
public interface HttpRoutes {

  /** A handler for one new connection; {@code live} reads the collector's in-memory traces. */
  ChannelHandler newHandler(LiveTraces live);
}
