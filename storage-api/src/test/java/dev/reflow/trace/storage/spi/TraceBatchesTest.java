package dev.reflow.trace.storage.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflow.trace.json.TraceJson;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.Timestamp;
import dev.reflow.trace.model.TraceId;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TraceBatchesTest {
  private static FlowTrace fixture() throws IOException {
    try (InputStream in = TraceBatchesTest.class.getResourceAsStream("/fixtures/minimal-flow.json")) {
      return TraceJson.read(in.readAllBytes());
    }
  }

  @Test
  @DisplayName("One trace per id, the last occurrence winning and taking its place, as storing one by one would leave")
  void lastPerId_duplicates_lastWinsInItsPlace() throws IOException {
    FlowTrace base = fixture();
    FlowTrace a1 = base.withTraceId(TraceId.random());
    FlowTrace b = base.withTraceId(TraceId.random());
    FlowTrace a2 = a1.withStartTime(new Timestamp(1_700_000_000L, 5));
    FlowTrace c = base.withTraceId(TraceId.random());
    assertThat(TraceBatches.lastPerId(List.of(a1, b, a2, c))).containsExactly(b, a2, c);
    assertThat(TraceBatches.lastPerId(List.of())).isEmpty();
  }

  @Test
  @DisplayName("Every element is encoded, in order and with its index, even one a later duplicate replaces")
  void lastPerId_encoder_seesEveryElementInOrder() throws IOException {
    FlowTrace a = fixture().withTraceId(TraceId.random());
    FlowTrace b = a.withTraceId(TraceId.random());
    List<String> seen = new ArrayList<>();
    List<String> kept = TraceBatches.lastPerId(List.of(a, b, a), (trace, index) -> {
      seen.add(index + ":" + trace.traceId());
      return "row" + index;
    });
    assertThat(seen).containsExactly("0:" + a.traceId(), "1:" + b.traceId(), "2:" + a.traceId());
    assertThat(kept).containsExactly("row1", "row2");
  }

  @Test
  @DisplayName("A null batch or a null element: NullPointerException naming it, before the encoder sees anything after it")
  void lastPerId_nulls_nullPointerExceptionNamingIndex() throws IOException {
    FlowTrace a = fixture();
    assertThatThrownBy(() -> TraceBatches.lastPerId(null))
        .isExactlyInstanceOf(NullPointerException.class).hasMessage("traces");
    List<Integer> encoded = new ArrayList<>();
    assertThatThrownBy(() -> TraceBatches.lastPerId(Arrays.asList(a, null, a), (trace, index) -> encoded.add(index)))
        .isExactlyInstanceOf(NullPointerException.class)
        .hasMessage("traces[1] is null; nothing of this batch was stored");
    assertThat(encoded).containsExactly(0);
  }
}
