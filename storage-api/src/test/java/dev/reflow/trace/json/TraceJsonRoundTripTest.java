package dev.reflow.trace.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflow.trace.model.ExecutionStatus;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.JsonValue;
import dev.reflow.trace.model.TraceEventType;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TraceJsonRoundTripTest {

  @ParameterizedTest
  @ValueSource(strings = {Fixtures.COMPLETED, Fixtures.MINIMAL})
  @DisplayName("a Reflow fixture read and written back is byte-identical (bytes and String APIs)")
  void roundTrip_reflowFixture_byteIdentical(String fixture) {
    byte[] original = Fixtures.bytes(fixture);
    FlowTrace trace = TraceJson.read(original);
    assertThat(TraceJson.writeBytes(trace)).as("bytes of %s", fixture).isEqualTo(original);
    String text = Fixtures.text(fixture);
    assertThat(TraceJson.write(TraceJson.read(text))).as("text of %s", fixture).isEqualTo(text);
  }

  @Test
  @DisplayName("the completed fixture's content is read into the model as Reflow meant it")
  void read_completedFixture_modelValues() {
    FlowTrace t = TraceJson.read(Fixtures.bytes(Fixtures.COMPLETED));
    assertThat(t.traceId().toString()).isEqualTo("36404882-85bd-4206-817e-b217fb4f7500");
    assertThat(t.status()).isEqualTo(ExecutionStatus.COMPLETED);
    assertThat(t.events()).hasSize(6);
    assertThat(t.events().get(3).eventType()).isEqualTo(TraceEventType.dataFlow("transformer", "in"));
    assertThat(t.events().get(3).data().performanceMetrics().cpuUsagePercent()).isEqualTo(12.5f);
    assertThat(t.events().get(3).data().performanceMetrics().throughputMsgsPerSec()).isEqualTo(840.25);
    assertThat(t.events().get(2).data().message().storedBytes()).isEqualTo(28L);
    assertThat(t.startTime().toString()).isEqualTo("2026-03-14T09:26:53.589793238Z");
    JsonValue big = null;
    for (var e : t.events()) {
      for (var a : e.data().customAttributes().values()) {
        if (a instanceof JsonValue.JsonArray arr) {
          for (JsonValue v : arr.items()) {
            if (v instanceof JsonValue.JsonInteger i && i.value().bitLength() > 53) {
              big = v;
            }
          }
        }
        if (a instanceof JsonValue.JsonInteger i && i.value().bitLength() > 53) {
          big = a;
        }
      }
    }
    assertThat(big).as("2^53+1 somewhere in custom_attributes")
        .isEqualTo(new JsonValue.JsonInteger(BigInteger.valueOf(9007199254740993L)));
  }

  @Test
  @DisplayName("the minimal fixture is an in-flight trace with every optional field null")
  void read_minimalFixture_inFlight() {
    FlowTrace t = TraceJson.read(Fixtures.text(Fixtures.MINIMAL));
    assertThat(t.status()).isEqualTo(ExecutionStatus.RUNNING);
    assertThat(t.endTime()).isNull();
    assertThat(t.events()).isEmpty();
    assertThat(t.metadata().tags()).isEmpty();
    assertThat(new String(TraceJson.writeBytes(t), StandardCharsets.UTF_8)).isEqualTo(Fixtures.text(Fixtures.MINIMAL));
  }
}
