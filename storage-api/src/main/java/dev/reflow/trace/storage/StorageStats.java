package dev.reflow.trace.storage;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts and sizes of a store. Reflow's {@code StorageStats} has no wire form; this adds
 * {@code details}, backend-specific facts such as whether a TimescaleDB hypertable is active.
 *
 * @param storageSizeBytes the best figure the backend has (document bytes, file or relation size)
 * @param oldestTraceTimestamp the earliest {@code start_time}, or null when empty
 * @param newestTraceTimestamp the latest {@code start_time}, or null when empty
 * @param details backend facts, e.g. {@code hypertable=true}, in a stable order
 */
public record StorageStats(
    long totalTraces,
    long totalEvents,
    long storageSizeBytes,
    Instant oldestTraceTimestamp,
    Instant newestTraceTimestamp,
    Map<String, String> details) {

  public StorageStats {
    details = details == null || details.isEmpty()
        ? Map.of()
        : Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }

  public StorageStats(long totalTraces, long totalEvents, long storageSizeBytes,
      Instant oldestTraceTimestamp, Instant newestTraceTimestamp) {
    this(totalTraces, totalEvents, storageSizeBytes, oldestTraceTimestamp, newestTraceTimestamp, Map.of());
  }
}
