package dev.reflow.trace.storage.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflow.trace.storage.TraceQuery;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Invalid queries never reach a backend: building them fails with a message naming the problem.
 * Extreme but valid paging values must not overflow in the backend.
 */
public abstract class InvalidQueriesContract extends TckContract {
  protected InvalidQueriesContract(TraceStorageTck tck) {
    super(tck);
  }

  @Test
  @DisplayName("A negative limit is rejected when the query is built")
  public void build_negativeLimit_throwsIllegalArgument() {
    assertThatThrownBy(() -> TraceQuery.builder().limit(-1).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit").hasMessageContaining("-1");
  }

  @Test
  @DisplayName("A negative offset is rejected when the query is built")
  public void build_negativeOffset_throwsIllegalArgument() {
    assertThatThrownBy(() -> TraceQuery.builder().offset(-5).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("offset").hasMessageContaining("-5");
  }

  @Test
  @DisplayName("A time range whose start is after its end is rejected when the query is built")
  public void build_invertedTimeRange_throwsIllegalArgument() {
    Instant from = Instant.parse("2026-03-15T00:00:00Z");
    Instant to = Instant.parse("2026-03-14T00:00:00Z");
    assertThatThrownBy(() -> TraceQuery.builder().timeRange(from, to).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(from.toString());
  }

  @Test
  @DisplayName("The largest limit and offset are accepted and do not overflow in the backend")
  public void query_maximalLimitAndOffset_handledWithoutOverflow() {
    store(TestTraces.many(3, 1));
    assertQuery(TraceQuery.builder().limit(Integer.MAX_VALUE).offset(Integer.MAX_VALUE).build(), List.of(),
        "three traces, limit and offset Integer.MAX_VALUE");
    assertThat(storage().query(TraceQuery.builder().limit(Integer.MAX_VALUE).build())).hasSize(3);
  }
}
