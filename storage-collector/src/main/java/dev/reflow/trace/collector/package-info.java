/**
 * A drop-in collector for Reflow's tracing protocol on any {@code TraceStorage} backend:
 * {@link dev.reflow.trace.collector.Collector} (start/stop), its
 * {@link dev.reflow.trace.collector.CollectorConfig}, and the
 * {@link dev.reflow.trace.collector.TraceFinalizationListener} seam for exporters, and the
 * {@link dev.reflow.trace.collector.HttpRoutes} / {@link dev.reflow.trace.collector.LiveTraces}
 * seam through which the trace viewer is served on the collector's port.
 */
package dev.reflow.trace.collector;
