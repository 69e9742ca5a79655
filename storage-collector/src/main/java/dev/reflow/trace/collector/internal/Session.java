package dev.reflow.trace.collector.internal;

import dev.reflow.trace.collector.protocol.SubscriptionFilters;
import dev.reflow.trace.model.TraceId;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One client connection as the engine sees it: the traces it started (finalized per
 * {@code on_disconnect} when it closes), its subscription, and where pushes go. Requests of one
 * session are handed to the engine one at a time, in order.
 */
abstract class Session {
  private static final java.util.concurrent.atomic.AtomicLong IDS = new java.util.concurrent.atomic.AtomicLong();

  final long id = IDS.incrementAndGet();
  final Set<TraceId> owned = ConcurrentHashMap.newKeySet();
  volatile SubscriptionFilters subscription;
  /** The end of this session's chain of storage work, so its storage requests take effect in order. */
  CompletableFuture<?> storageTail = CompletableFuture.completedFuture(null);

  /** Pushes a notification (never blocks; a slow client loses the oldest queued ones). */
  abstract void push(byte[] json);

  /** Where the connection comes from, for logs. */
  abstract String remote();
}
