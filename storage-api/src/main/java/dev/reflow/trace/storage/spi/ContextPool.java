package dev.reflow.trace.storage.spi;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A small pool of reusable, non-thread-safe objects (zstd contexts). {@link #borrow()} never
 * blocks: it creates an object when none is idle. At most {@link #MAX_IDLE} are kept idle; the
 * others are left to the garbage collector (zstd-jni frees their native memory through a cleaner).
 */
final class ContextPool<T> {
  /** Enough for the busy threads of a typical server, without keeping a context per thread. */
  static final int MAX_IDLE = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

  private final ConcurrentLinkedQueue<T> idle = new ConcurrentLinkedQueue<>();
  private final AtomicInteger idleCount = new AtomicInteger();
  private final Supplier<T> factory;

  ContextPool(Supplier<T> factory) {
    this.factory = factory;
  }

  T borrow() {
    T t = idle.poll();
    if (t == null) {
      return factory.get();
    }
    idleCount.decrementAndGet();
    return t;
  }

  void giveBack(T t) {
    if (idleCount.incrementAndGet() <= MAX_IDLE) {
      idle.offer(t);
    } else {
      idleCount.decrementAndGet();
    }
  }
}
