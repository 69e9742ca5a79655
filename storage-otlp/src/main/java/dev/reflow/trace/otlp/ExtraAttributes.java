package dev.reflow.trace.otlp;

import dev.reflow.trace.model.JsonValue;
import dev.reflow.trace.model.PerformanceMetrics;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.trace.v1.Span;
import java.math.BigInteger;
import java.util.Map;

/**
 * The span attributes {@link OtlpMapping.Options} adds beyond upstream. Values keep their JSON
 * type (OTLP attributes are typed; upstream writes only strings). Reflow's unsigned 64-bit
 * numbers that do not fit OTLP's signed {@code intValue} are written as decimal strings rather
 * than wrapped into negative numbers.
 */
final class ExtraAttributes {
  static final String CUSTOM_PREFIX = "reflow.custom.";
  static final String METRICS_PREFIX = "reflow.metrics.";

  private ExtraAttributes() {}

  static void addMetrics(Span.Builder span, PerformanceMetrics m) {
    unsigned(span, "execution_time_ns", m.executionTimeNs());
    unsigned(span, "memory_usage_bytes", m.memoryUsageBytes());
    if (m.cpuUsagePercent() != null) {
      span.addAttributes(kv(METRICS_PREFIX + "cpu_usage_percent",
          AnyValue.newBuilder().setDoubleValue(m.cpuUsagePercent().doubleValue()).build()));
    }
    unsigned(span, "queue_depth", m.queueDepth());
    if (m.throughputMsgsPerSec() != null) {
      span.addAttributes(kv(METRICS_PREFIX + "throughput_msgs_per_sec",
          AnyValue.newBuilder().setDoubleValue(m.throughputMsgsPerSec()).build()));
    }
  }

  /** In the order the event holds them; JSON null has no OTLP value and is left out. */
  static void addCustom(Span.Builder span, Map<String, JsonValue> attributes) {
    attributes.forEach((name, value) -> {
      if (!(value instanceof JsonValue.JsonNull)) {
        span.addAttributes(kv(CUSTOM_PREFIX + name, any(value)));
      }
    });
  }

  private static void unsigned(Span.Builder span, String name, Long value) {
    if (value != null) {
      AnyValue v = value >= 0
          ? AnyValue.newBuilder().setIntValue(value).build()
          : AnyValue.newBuilder().setStringValue(Long.toUnsignedString(value)).build();
      span.addAttributes(kv(METRICS_PREFIX + name, v));
    }
  }

  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  static AnyValue any(JsonValue value) {
    AnyValue.Builder b = AnyValue.newBuilder();
    if (value instanceof JsonValue.JsonString s) {
      b.setStringValue(s.value());
    } else if (value instanceof JsonValue.JsonBoolean bool) {
      b.setBoolValue(bool.value());
    } else if (value instanceof JsonValue.JsonInteger i) {
      if (i.value().compareTo(LONG_MAX) > 0) {
        b.setStringValue(i.value().toString());
      } else {
        b.setIntValue(i.value().longValueExact());
      }
    } else if (value instanceof JsonValue.JsonFloat f) {
      b.setDoubleValue(f.value());
    } else if (value instanceof JsonValue.JsonArray a) {
      ArrayValue.Builder array = ArrayValue.newBuilder();
      a.items().forEach(item -> array.addValues(any(item)));
      b.setArrayValue(array);
    } else if (value instanceof JsonValue.JsonObject o) {
      KeyValueList.Builder list = KeyValueList.newBuilder();
      o.members().forEach((k, v) -> list.addValues(kv(k, any(v))));
      b.setKvlistValue(list);
    }
    // JsonNull: an empty AnyValue, which OTLP reads as no value (inside arrays and objects).
    return b.build();
  }

  private static KeyValue kv(String key, AnyValue value) {
    return KeyValue.newBuilder().setKey(key).setValue(value).build();
  }
}
