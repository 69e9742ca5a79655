package dev.reflow.trace.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Reflow's {@code TraceEventData}. {@code customAttributes} keeps the order it was given in
 * (Reflow's is a {@code HashMap}, so the order is arbitrary but must be preserved on write).
 */
public record TraceEventData(
    String port,
    MessageSnapshot message,
    StateDiff stateDiff,
    String error,
    PerformanceMetrics performanceMetrics,
    Map<String, JsonValue> customAttributes) {

  public TraceEventData {
    performanceMetrics = performanceMetrics == null ? PerformanceMetrics.UNMEASURED : performanceMetrics;
    customAttributes = customAttributes == null || customAttributes.isEmpty()
        ? Map.of()
        : Collections.unmodifiableMap(new LinkedHashMap<>(customAttributes));
    customAttributes.forEach((k, v) -> Objects.requireNonNull(v, "custom attribute " + k));
  }

  /** No port, message, diff, error or attributes; unmeasured metrics. */
  public static TraceEventData empty() {
    return new TraceEventData(null, null, null, null, PerformanceMetrics.UNMEASURED, Map.of());
  }

  /** Equality treats attribute order as significant, since it is written back in that order. */
  @Override
  public boolean equals(Object o) {
    return o instanceof TraceEventData d
        && Objects.equals(port, d.port)
        && Objects.equals(message, d.message)
        && Objects.equals(stateDiff, d.stateDiff)
        && Objects.equals(error, d.error)
        && performanceMetrics.equals(d.performanceMetrics)
        && new JsonValue.JsonObject(customAttributes).equals(new JsonValue.JsonObject(d.customAttributes));
  }

  @Override
  public int hashCode() {
    return Objects.hash(port, message, stateDiff, error, performanceMetrics, customAttributes);
  }
}
