package dev.reflow.trace.viewer.internal;

import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.TraceEvent;
import dev.reflow.trace.model.TraceEventType;

/** What the list shows of a trace, derived from the whole trace. */
final class TraceSummary {
  private TraceSummary() {}

  /**
   * The actor where the run failed: the first {@code ActorFailed} event's actor, else the first
   * event carrying an error; null when no event failed.
   */
  static String failedActor(FlowTrace trace) {
    for (TraceEvent e : trace.events()) {
      if (e.eventType() == TraceEventType.Simple.ACTOR_FAILED) {
        return e.actorId();
      }
    }
    for (TraceEvent e : trace.events()) {
      if (e.data().error() != null) {
        return e.actorId();
      }
    }
    return null;
  }
}
