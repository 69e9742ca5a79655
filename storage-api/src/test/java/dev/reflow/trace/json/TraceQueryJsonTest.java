package dev.reflow.trace.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflow.trace.model.ExecutionStatus;
import dev.reflow.trace.storage.TraceQuery;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TraceQueryJsonTest {
  static final String VERIFIED = "{\"flow_id\":\"order_ingest_pipeline\",\"execution_id\":null,\"time_range\":"
      + "[\"2026-03-14T00:00:00Z\",\"2026-03-15T00:00:00Z\"],\"status\":{\"Failed\":{\"error\":\"boom\"}},"
      + "\"actor_filter\":null,\"limit\":50,\"offset\":null}";

  @Test
  @DisplayName("Reflow's verified TraceQuery output is written byte for byte and read back")
  void query_verifiedReflowOutput_roundTrips() {
    TraceQuery q = TraceQuery.builder()
        .flowId("order_ingest_pipeline")
        .timeRange(Instant.parse("2026-03-14T00:00:00Z"), Instant.parse("2026-03-15T00:00:00Z"))
        .status(ExecutionStatus.failed("boom"))
        .limit(50)
        .build();
    assertThat(TraceJson.writeQuery(q)).isEqualTo(VERIFIED);
    assertThat(TraceJson.readQuery(VERIFIED)).isEqualTo(q);
    assertThat(TraceJson.writeQuery(TraceQuery.all())).isEqualTo("{\"flow_id\":null,\"execution_id\":null,"
        + "\"time_range\":null,\"status\":null,\"actor_filter\":null,\"limit\":null,\"offset\":null}");
    assertThat(TraceJson.readQuery("{}")).isEqualTo(TraceQuery.all());
  }

  @Test
  @DisplayName("a half-open range has no Reflow form; a 1-element range is an error")
  void query_halfOpenRange_rejected() {
    TraceQuery q = TraceQuery.builder().timeRange(Instant.EPOCH, null).build();
    assertThatThrownBy(() -> TraceJson.writeQuery(q)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TraceJson.readQuery("{\"time_range\":[\"2026-03-14T00:00:00Z\"]}"))
        .isInstanceOf(TraceFormatException.class).hasMessageContaining("$.time_range: invalid length 1");
  }

  @Test
  @DisplayName("a limit or offset beyond this library's int range is a clear error, also above i64")
  void query_limitBeyondIntRange_rejected() {
    for (String limit : new String[] {"2147483648", "9223372036854775808", "18446744073709551615"}) {
      assertThatThrownBy(() -> TraceJson.readQuery("{\"limit\":" + limit + "}"))
          .isInstanceOf(TraceFormatException.class)
          .hasMessageContaining("$.limit: invalid value: integer `" + limit + "`, larger than this library's limit");
    }
    assertThat(TraceJson.readQuery("{\"offset\":2147483647}").offset()).isEqualTo(2147483647);
  }
}
