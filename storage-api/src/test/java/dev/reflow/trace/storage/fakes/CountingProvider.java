package dev.reflow.trace.storage.fakes;

import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.spi.TraceStorageProvider;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Base of the fakes: counts constructions and create() calls per class, to prove laziness. */
public abstract class CountingProvider implements TraceStorageProvider {
  private static final Map<String, AtomicInteger> INSTANCES = new ConcurrentHashMap<>();
  private static final Map<String, AtomicInteger> CREATES = new ConcurrentHashMap<>();

  protected CountingProvider() {
    INSTANCES.computeIfAbsent(getClass().getName(), k -> new AtomicInteger()).incrementAndGet();
  }

  public static int instances(Class<?> type) {
    return INSTANCES.getOrDefault(type.getName(), new AtomicInteger()).get();
  }

  public static int creates(Class<?> type) {
    return CREATES.getOrDefault(type.getName(), new AtomicInteger()).get();
  }

  public static void reset() {
    INSTANCES.clear();
    CREATES.clear();
  }

  @Override
  public TraceStorage create(StorageConfig config) {
    CREATES.computeIfAbsent(getClass().getName(), k -> new AtomicInteger()).incrementAndGet();
    return new FakeStorage(name(), config);
  }
}
