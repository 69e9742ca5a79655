package dev.reflow.trace.storage.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflow.trace.model.ExecutionStatus;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.Timestamp;
import dev.reflow.trace.storage.StorageStats;
import dev.reflow.trace.storage.TraceQuery;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** store() replaces a trace with the same id, and every index follows the replacement. */
public abstract class UpsertContract extends TckContract {
  protected UpsertContract(TraceStorageTck tck) {
    super(tck);
  }

  @Test
  @DisplayName("Storing an id twice makes get return the second version")
  public void store_sameIdTwice_getReturnsLatestVersion() {
    FlowTrace first = TestTraces.trace(1).status(ExecutionStatus.RUNNING).actors("reader").build();
    FlowTrace second = TestTraces.trace(1).status(ExecutionStatus.COMPLETED).actors("reader", "writer")
        .endTime(TestTraces.at("2026-03-14T09:00:01Z")).build();
    store(first, second);
    assertRoundtrip(second, getPresent(second.traceId(), "after storing the id twice"), "after storing the id twice");
  }

  @Test
  @DisplayName("Storing an id twice leaves exactly one copy for queries")
  public void store_sameIdTwice_queryReturnsOneCopy() {
    FlowTrace v1 = TestTraces.trace(1).build();
    FlowTrace v2 = TestTraces.trace(1).tag("v", "2").build();
    FlowTrace other = TestTraces.trace(2).startTime("2026-03-14T08:00:00Z").build();
    store(v1, other, v2);
    List<FlowTrace> all = assertQuery(TraceQuery.all(), ids(v2, other), "one id stored twice and one other id");
    assertThat(all.get(0)).as("Backend <%s>: the copy returned by the query", backend()).isEqualTo(v2);
  }

  @Test
  @DisplayName("A re-stored trace whose start_time changed is found by the new time range, not the old")
  public void store_sameIdWithChangedStartTime_foundByNewRangeOnly() {
    Timestamp oldStart = TestTraces.at("2026-03-01T10:00:00.123456Z");
    Timestamp newStart = TestTraces.at("2026-03-20T10:00:00.654321Z");
    FlowTrace before = TestTraces.trace(5).startTime(oldStart).build();
    FlowTrace after = TestTraces.trace(5).startTime(newStart).build();
    store(before, after);
    assertQuery(TraceQuery.builder().timeRange(oldStart.toInstant(), oldStart.toInstant()).build(), List.of(),
        "range around the OLD start_time after the start_time changed");
    assertQuery(TraceQuery.builder().timeRange(newStart.toInstant(), newStart.toInstant()).build(), ids(after),
        "range around the NEW start_time after the start_time changed");
    assertQuery(TraceQuery.all(), ids(after), "all traces after the start_time changed");
    assertThat(storage().stats().totalTraces())
        .as("Backend <%s>: total_traces after re-storing one id with another start_time", backend()).isEqualTo(1);
  }

  @Test
  @DisplayName("A re-stored trace whose status changed is found only by the new status")
  public void store_sameIdWithChangedStatus_statusFilterSeesOnlyNewStatus() {
    FlowTrace running = TestTraces.trace(6).status(ExecutionStatus.RUNNING).build();
    FlowTrace failed = TestTraces.trace(6).status(ExecutionStatus.failed("timeout")).build();
    store(running, failed);
    assertQuery(TraceQuery.builder().status(ExecutionStatus.Kind.RUNNING).build(), List.of(), "old status Running");
    assertQuery(TraceQuery.builder().status(ExecutionStatus.Kind.FAILED).build(), ids(failed), "new status Failed");
  }

  @Test
  @DisplayName("A re-stored trace whose actors changed is found only by the new actors")
  public void store_sameIdWithChangedActors_actorFilterSeesOnlyNewActors() {
    FlowTrace v1 = TestTraces.trace(7).actors("old-reader").build();
    FlowTrace v2 = TestTraces.trace(7).actors("new-writer").build();
    store(v1, v2);
    assertQuery(TraceQuery.builder().actorFilter("old-reader").build(), List.of(), "actor of the replaced version");
    assertQuery(TraceQuery.builder().actorFilter("new-writer").build(), ids(v2), "actor of the new version");
  }

  @Test
  @DisplayName("A re-stored trace whose flow id changed is found only by the new flow id")
  public void store_sameIdWithChangedFlowId_flowFilterSeesOnlyNewFlow() {
    FlowTrace v1 = TestTraces.trace(8).flowId("flow-old").build();
    FlowTrace v2 = TestTraces.trace(8).flowId("flow-new").build();
    store(v1, v2);
    assertQuery(TraceQuery.builder().flowId("flow-old").build(), List.of(), "flow id of the replaced version");
    assertQuery(TraceQuery.builder().flowId("flow-new").build(), ids(v2), "flow id of the new version");
  }

  @Test
  @DisplayName("Stats count only the latest version of a re-stored trace")
  public void store_sameIdWithFewerEvents_statsCountOnlyLatest() {
    store(TestTraces.trace(9).events(12, "a", "b").build());
    store(TestTraces.trace(9).events(3, "a").build());
    StorageStats stats = storage().stats();
    assertThat(stats.totalTraces()).as("Backend <%s>: total_traces after replacing a 12-event trace with a 3-event one",
        backend()).isEqualTo(1);
    assertThat(stats.totalEvents()).as("Backend <%s>: total_events after replacing a 12-event trace with a 3-event one",
        backend()).isEqualTo(3);
  }
}
