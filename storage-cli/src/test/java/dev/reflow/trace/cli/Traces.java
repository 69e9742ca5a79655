package dev.reflow.trace.cli;

import dev.reflow.trace.cli.demo.SyntheticTraces;
import dev.reflow.trace.model.FlowId;
import dev.reflow.trace.model.FlowTrace;
import java.time.Duration;
import java.util.List;

/** Test traces: seeded synthetic ones, and copies with a chosen flow id. */
final class Traces {
  private Traces() {}

  static List<FlowTrace> some(int n) {
    return new SyntheticTraces(7, Cli.NOW, Duration.ofDays(7)).next(n);
  }

  static FlowTrace withFlow(FlowTrace t, String flowId) {
    return new FlowTrace(t.traceId(), FlowId.of(flowId), t.executionId(), t.version(), t.startTime(), t.endTime(),
        t.status(), t.events(), t.metadata());
  }
}
