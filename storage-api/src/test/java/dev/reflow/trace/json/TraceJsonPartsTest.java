package dev.reflow.trace.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflow.trace.model.ExecutionStatus;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.FlowVersion;
import dev.reflow.trace.model.TraceEvent;
import dev.reflow.trace.model.TraceEventType;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The parts of a trace read from a slice of a larger message, as a protocol envelope holds them. */
class TraceJsonPartsTest {

  @Test
  @DisplayName("Every event of the completed fixture is written byte for byte as inside the trace, and read back equal")
  void events_roundTripByteForByte_asInsideTheTrace() {
    String json = Fixtures.text(Fixtures.COMPLETED);
    FlowTrace trace = TraceJson.read(json);
    for (TraceEvent e : trace.events()) {
      byte[] written = TraceJson.writeEventBytes(e);
      assertThat(json).as("the trace JSON holds the event as written alone").contains(new String(written, StandardCharsets.UTF_8));
      byte[] framed = ("{\"event\":" + new String(written, StandardCharsets.UTF_8) + "}").getBytes(StandardCharsets.UTF_8);
      assertThat(TraceJson.readEvent(framed, 9, written.length, "test")).isEqualTo(e);
    }
  }

  @Test
  @DisplayName("Statuses, versions and event types read from slices; unit variants also as {\"X\":null}")
  void parts_readFromSlices() {
    assertThat(read("{\"Failed\":{\"error\":\"boom\"}}", Kind.STATUS)).isEqualTo(ExecutionStatus.failed("boom"));
    assertThat(read("{\"Completed\":null}", Kind.STATUS)).isEqualTo(ExecutionStatus.COMPLETED);
    assertThat(TraceJson.writeStatus(ExecutionStatus.failed("a\"b"))).isEqualTo("{\"Failed\":{\"error\":\"a\\\"b\"}}");
    assertThat(read("{\"DataFlow\":{\"to_actor\":\"b\",\"to_port\":\"in\"}}", Kind.TYPE))
        .isEqualTo(new TraceEventType.DataFlow("b", "in"));
    String version = "{\"major\":1,\"minor\":2,\"patch\":3,\"git_hash\":null,\"timestamp\":\"2026-06-01T10:00:00Z\"}";
    FlowVersion v = (FlowVersion) read(version, Kind.VERSION);
    assertThat(v.minor()).isEqualTo(2);
    assertThat(TraceJson.writeVersion(v)).isEqualTo(version);
  }

  @Test
  @DisplayName("A bad part is a TraceFormatException naming the source and what was wrong")
  void badPart_namesSourceAndReason() {
    assertThatThrownBy(() -> read("\"Finished\"", Kind.STATUS))
        .isInstanceOf(TraceFormatException.class)
        .hasMessageContaining("src")
        .hasMessageContaining("unknown variant `Finished`");
  }

  private enum Kind { STATUS, TYPE, VERSION }

  private static Object read(String value, Kind kind) {
    byte[] b = ("  " + value + "  ").getBytes(StandardCharsets.UTF_8);
    return switch (kind) {
      case STATUS -> TraceJson.readStatus(b, 2, b.length - 4, "src");
      case TYPE -> TraceJson.readEventType(b, 2, b.length - 4, "src");
      case VERSION -> TraceJson.readVersion(b, 2, b.length - 4, "src");
    };
  }
}
