package dev.reflow.trace.storage.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.TraceId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The TCK's test data must be deterministic and unambiguous. */
@DisplayName("TCK test data: deterministic and unambiguous")
class TestTracesTest {
  @Test
  @DisplayName("The same seed builds an equal trace, events included")
  void trace_sameSeed_buildsEqualTrace() {
    FlowTrace a = TestTraces.trace(42).events(5, "x", "y").tag("k", "v").build();
    FlowTrace b = TestTraces.trace(42).events(5, "x", "y").tag("k", "v").build();
    assertThat(a).isEqualTo(b);
    assertThat(a.events()).extracting(e -> e.eventId()).doesNotHaveDuplicates();
  }

  @Test
  @DisplayName("Seeds give distinct ids, about half of them starting with a hex digit of 8 or more")
  void traceId_manySeeds_distinctAndBothHalves() {
    Set<TraceId> ids = new HashSet<>();
    int high = 0;
    for (int i = 0; i < 1000; i++) {
      TraceId id = TestTraces.traceId(i);
      ids.add(id);
      if (Character.digit(id.toString().charAt(0), 16) >= 8) {
        high++;
      }
    }
    assertThat(ids).hasSize(1000);
    assertThat(high).isBetween(400, 600);
  }

  @Test
  @DisplayName("many() gives strictly increasing start times, so its order is never ambiguous")
  void many_startTimes_strictlyIncreasing() {
    List<FlowTrace> traces = TestTraces.many(50, 7);
    for (int i = 1; i < traces.size(); i++) {
      assertThat(traces.get(i).startTime().epochMicros()).isGreaterThan(traces.get(i - 1).startTime().epochMicros());
    }
  }
}
