package dev.reflow.trace.model;

/**
 * Reflow's {@code PerformanceMetrics}. Every field is nullable: null means unmeasured, zero means
 * measured as zero. NaN and infinities are written as null, as serde_json does, so they do not
 * survive a round trip through JSON.
 *
 * @param executionTimeNs nanoseconds (u64, unsigned bit pattern)
 * @param memoryUsageBytes a delta in bytes, not RSS (usize, unsigned bit pattern)
 * @param cpuUsagePercent 0 to 100 (f32)
 * @param queueDepth a count (usize, unsigned bit pattern)
 * @param throughputMsgsPerSec messages per second (f64)
 */
public record PerformanceMetrics(
    Long executionTimeNs,
    Long memoryUsageBytes,
    Float cpuUsagePercent,
    Long queueDepth,
    Double throughputMsgsPerSec) {

  /** All fields unmeasured: the current model's default. */
  public static final PerformanceMetrics UNMEASURED = new PerformanceMetrics(null, null, null, null, null);

  /** Reflow's {@code cheap(t, q)}: only execution time and queue depth. */
  public static PerformanceMetrics cheap(long executionTimeNs, long queueDepth) {
    return new PerformanceMetrics(executionTimeNs, null, null, queueDepth, null);
  }
}
