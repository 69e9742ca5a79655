package dev.reflow.trace.collector;

import dev.reflow.trace.model.FlowTrace;

/**
 * Told about every trace the collector has finalized and stored (by EndTrace, a disconnect, the
 * idle timeout, a replayed journal or a legacy StoreTrace), once it is durable in storage. The
 * seam for exporters (OTLP): called on the collector's storage writer thread, so an implementation
 * hands slow work to its own executor; an exception is logged and does not affect the trace.
 */
@FunctionalInterface
public interface TraceFinalizationListener {
  void onFinalized(FlowTrace trace);
}
