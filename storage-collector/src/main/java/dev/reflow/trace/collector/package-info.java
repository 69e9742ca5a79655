/**
 * A drop-in collector for Reflow's tracing protocol on any {@code TraceStorage} backend:
 * {@link dev.reflow.trace.collector.Collector} (start/stop), its
 * {@link dev.reflow.trace.collector.CollectorConfig}, and the
 * {@link dev.reflow.trace.collector.TraceFinalizationListener} seam for exporters.
 */
package dev.reflow.trace.collector;
