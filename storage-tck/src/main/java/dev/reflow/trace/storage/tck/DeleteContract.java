package dev.reflow.trace.storage.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.storage.StorageStats;
import dev.reflow.trace.storage.TraceQuery;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** delete(id) removes one trace everywhere and returns whether one was removed. */
public abstract class DeleteContract extends TckContract {
  protected DeleteContract(TraceStorageTck tck) {
    super(tck);
  }

  private void assertDeleted(FlowTrace trace, boolean expected, String situation) {
    boolean deleted = storage().delete(trace.traceId());
    assertThat(deleted).withFailMessage("Backend <%s>, %s: delete(%s) expected %s, but returned %s",
        backend(), situation, trace.traceId(), expected, deleted).isEqualTo(expected);
  }

  @Test
  @DisplayName("Deleting a stored trace returns true and get is empty afterwards")
  public void delete_existingTrace_returnsTrueAndGetIsEmpty() {
    FlowTrace trace = TestTraces.trace(1).build();
    store(trace);
    assertDeleted(trace, true, "stored trace");
    assertAbsent(trace.traceId(), "after delete");
  }

  @Test
  @DisplayName("Deleting an id never stored returns false and changes nothing")
  public void delete_unknownId_returnsFalse() {
    FlowTrace stored = TestTraces.trace(1).build();
    store(stored);
    assertDeleted(TestTraces.trace(2).build(), false, "an id never stored");
    assertQuery(TraceQuery.all(), ids(stored), "after deleting an unknown id");
  }

  @Test
  @DisplayName("Deleting the same id twice returns true, then false")
  public void delete_sameIdTwice_secondReturnsFalse() {
    FlowTrace trace = TestTraces.trace(1).build();
    store(trace);
    assertDeleted(trace, true, "first delete");
    assertDeleted(trace, false, "second delete of the same id");
  }

  @Test
  @DisplayName("Deleting one of several traces leaves the others in get and query")
  public void delete_oneOfSeveral_othersRemain() {
    List<FlowTrace> traces = TestTraces.many(5, 1);
    store(traces);
    assertDeleted(traces.get(2), true, "third of five");
    assertQuery(TraceQuery.all(), ids(reference(List.of(traces.get(0), traces.get(1), traces.get(3), traces.get(4)),
        TraceQuery.all())), "after deleting the third of five");
    assertQuery(TraceQuery.builder().actorFilter("actor").build(), ids(reference(
        List.of(traces.get(0), traces.get(1), traces.get(3), traces.get(4)), TraceQuery.all())), "actor filter after delete");
    for (int i : new int[] {0, 1, 3, 4}) {
      assertRoundtrip(traces.get(i), getPresent(traces.get(i).traceId(), "survivor of a delete"), "survivor of a delete");
    }
  }

  @Test
  @DisplayName("A deleted trace can be stored again")
  public void delete_thenStoreAgain_traceIsBack() {
    FlowTrace trace = TestTraces.trace(1).actors("x", "y").build();
    store(trace);
    assertDeleted(trace, true, "before storing again");
    store(trace);
    assertRoundtrip(trace, getPresent(trace.traceId(), "stored again after delete"), "stored again after delete");
    assertQuery(TraceQuery.builder().actorFilter("y").build(), ids(trace), "actor filter after storing again");
  }

  @Test
  @DisplayName("Delete updates the trace and event counts")
  public void delete_updatesStats() {
    FlowTrace big = TestTraces.trace(1).events(7, "a").build();
    FlowTrace small = TestTraces.trace(2).events(2, "a").build();
    store(big, small);
    assertDeleted(big, true, "7-event trace of two");
    StorageStats stats = storage().stats();
    assertThat(stats.totalTraces()).as("Backend <%s>: total_traces after deleting one of two", backend()).isEqualTo(1);
    assertThat(stats.totalEvents()).as("Backend <%s>: total_events after deleting the 7-event trace of 7+2", backend())
        .isEqualTo(2);
  }
}
