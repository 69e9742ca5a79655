package dev.reflow.trace.json.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflow.trace.model.CausalityInfo;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.FlowVersion;
import dev.reflow.trace.model.MessageSnapshot;
import dev.reflow.trace.model.PerformanceMetrics;
import dev.reflow.trace.model.StateDiff;
import dev.reflow.trace.model.TraceEvent;
import dev.reflow.trace.model.TraceEventData;
import dev.reflow.trace.model.TraceMetadata;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The decoder's declarations name the model's record components, in order: a component added to a
 * record without its field in {@link TraceShapes} (or declared out of Rust's order, which the
 * sequence form depends on) fails here.
 */
class TraceShapesTest {
  static Stream<Arguments> shapes() {
    return Stream.of(
        Arguments.of(TraceShapes.FLOW_TRACE, FlowTrace.class),
        Arguments.of(TraceShapes.FLOW_VERSION, FlowVersion.class),
        Arguments.of(TraceShapes.TRACE_EVENT, TraceEvent.class),
        Arguments.of(TraceShapes.TRACE_EVENT_DATA, TraceEventData.class),
        Arguments.of(TraceShapes.MESSAGE_SNAPSHOT, MessageSnapshot.class),
        Arguments.of(TraceShapes.STATE_DIFF, StateDiff.class),
        Arguments.of(TraceShapes.PERFORMANCE_METRICS, PerformanceMetrics.class),
        Arguments.of(TraceShapes.CAUSALITY_INFO, CausalityInfo.class),
        Arguments.of(TraceShapes.TRACE_METADATA, TraceMetadata.class));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("shapes")
  void shape_declaresEveryRecordComponent_inOrder(StructShape<?> shape, Class<? extends Record> type) {
    List<String> components = Arrays.stream(type.getRecordComponents())
        .map(RecordComponent::getName)
        .map(TraceShapesTest::snakeCase)
        .toList();
    assertThat(shape.fieldNames()).containsExactlyElementsOf(components);
  }

  private static String snakeCase(String camel) {
    return camel.replaceAll("([A-Z])", "_$1").toLowerCase();
  }
}
