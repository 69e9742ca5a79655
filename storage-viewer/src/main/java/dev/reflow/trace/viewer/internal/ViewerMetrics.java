package dev.reflow.trace.viewer.internal;

import dev.reflow.trace.collector.LiveTraces;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;

/**
 * {@code /metrics}: Micrometer's Prometheus registry with the viewer's request latencies (by route
 * and status) and storage errors, and, under a collector, its ingest counters and in-flight traces
 * (read from {@link LiveTraces#counters()} at each scrape).
 */
final class ViewerMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Counter storageErrors;

  ViewerMetrics(LiveTraces live) {
    storageErrors = Counter.builder("reflow_viewer_storage_errors")
        .description("Viewer requests that failed in the storage backend").register(registry);
    if (live != null) {
      for (String name : live.counters().keySet()) {
        Gauge.builder("reflow_collector_" + name, live, l -> l.counters().getOrDefault(name, 0L))
            .description("The collector's " + name.replace('_', ' ') + " (as GetMetrics reports it)")
            .register(registry);
      }
    }
  }

  void request(String route, int status, long nanos) {
    Timer.builder("reflow_viewer_requests")
        .description("Viewer HTTP requests: server time by route and status")
        .tag("route", route)
        .tag("status", Integer.toString(status))
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  void storageError() {
    storageErrors.increment();
  }

  /** The Prometheus text exposition. */
  String scrape() {
    return registry.scrape();
  }
}
