package dev.reflow.trace.otlp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.google.protobuf.ByteString;
import com.google.protobuf.ProtocolStringList;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.EntityRef;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;

/**
 * Writes an {@link ExportTraceServiceRequest} as OTLP/JSON with a Jackson generator, message by
 * message through the generated getters, in one pass. It writes exactly what protobuf's
 * {@code JsonFormat} (compact, enums as integers) writes once the ids are hex and Gson's
 * HTML-safe escapes are undone, which is what {@link OtlpJson#print} wrote before; the test suite
 * checks that byte for byte against {@code JsonFormat} on the fixtures and on a message with
 * every field set. JsonFormat walks descriptors and boxes every value, and was about four fifths
 * of the export's time.
 *
 * <p>Protobuf's JSON mapping, as applied here:
 * <ul>
 *   <li>fields in field-number order (so a span's {@code flags}, number 16, comes last);
 *   <li>a field without presence is left out at its default (empty string or bytes, 0, enum 0),
 *       a repeated field when empty, a message field when unset; a set {@code AnyValue} case and a
 *       set message are written even when empty or zero;
 *   <li>64-bit integers as decimal strings (fixed64 unsigned), 32-bit ones as numbers (uint32 and
 *       fixed32 unsigned), enums as their numbers, doubles as {@link Double#toString} with
 *       {@code "NaN"}, {@code "Infinity"} and {@code "-Infinity"} quoted;
 *   <li>bytes as standard base64 with padding, except OTLP's trace and span ids: lowercase hex;
 *   <li>strings escaped as serde_json does: {@code "} and {@code \} and the control characters
 *       ({@code \b \t \n \f \r}, the others as lowercase {@code \}{@code u00xx}); everything else,
 *       {@code < > & = '}, U+2028 and U+2029 included, as it is.
 * </ul>
 * A new field in a future opentelemetry-proto is not written until it is added here; the test
 * that fills every field of every message reachable from the request fails until then.
 */
final class OtlpJsonWriter {
  private static final JsonFactory FACTORY = JsonFactory.builder()
      // Gson (and serde_json) write \u001f, not Jackson's default \u001F
      .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
      // JsonFormat has no depth limit; nested AnyValue arrays and lists must not fail here alone
      .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(Integer.MAX_VALUE).build())
      .build();
  private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();

  private static final SerializableString RESOURCE_SPANS = name("resourceSpans");
  private static final SerializableString RESOURCE = name("resource");
  private static final SerializableString SCOPE_SPANS = name("scopeSpans");
  private static final SerializableString SCHEMA_URL = name("schemaUrl");
  private static final SerializableString ATTRIBUTES = name("attributes");
  private static final SerializableString DROPPED_ATTRIBUTES_COUNT = name("droppedAttributesCount");
  private static final SerializableString ENTITY_REFS = name("entityRefs");
  private static final SerializableString TYPE = name("type");
  private static final SerializableString ID_KEYS = name("idKeys");
  private static final SerializableString DESCRIPTION_KEYS = name("descriptionKeys");
  private static final SerializableString SCOPE = name("scope");
  private static final SerializableString SPANS = name("spans");
  private static final SerializableString NAME = name("name");
  private static final SerializableString VERSION = name("version");
  private static final SerializableString TRACE_ID = name("traceId");
  private static final SerializableString SPAN_ID = name("spanId");
  private static final SerializableString TRACE_STATE = name("traceState");
  private static final SerializableString PARENT_SPAN_ID = name("parentSpanId");
  private static final SerializableString KIND = name("kind");
  private static final SerializableString START_TIME = name("startTimeUnixNano");
  private static final SerializableString END_TIME = name("endTimeUnixNano");
  private static final SerializableString EVENTS = name("events");
  private static final SerializableString DROPPED_EVENTS_COUNT = name("droppedEventsCount");
  private static final SerializableString LINKS = name("links");
  private static final SerializableString DROPPED_LINKS_COUNT = name("droppedLinksCount");
  private static final SerializableString STATUS = name("status");
  private static final SerializableString FLAGS = name("flags");
  private static final SerializableString TIME = name("timeUnixNano");
  private static final SerializableString MESSAGE = name("message");
  private static final SerializableString CODE = name("code");
  private static final SerializableString KEY = name("key");
  private static final SerializableString VALUE = name("value");
  private static final SerializableString KEY_STRINDEX = name("keyStrindex");
  private static final SerializableString STRING_VALUE = name("stringValue");
  private static final SerializableString BOOL_VALUE = name("boolValue");
  private static final SerializableString INT_VALUE = name("intValue");
  private static final SerializableString DOUBLE_VALUE = name("doubleValue");
  private static final SerializableString ARRAY_VALUE = name("arrayValue");
  private static final SerializableString KVLIST_VALUE = name("kvlistValue");
  private static final SerializableString BYTES_VALUE = name("bytesValue");
  private static final SerializableString STRING_VALUE_STRINDEX = name("stringValueStrindex");
  private static final SerializableString VALUES = name("values");

  private OtlpJsonWriter() {}

  /**
   * Chars, not UTF-8 bytes, so that the String is exactly JsonFormat's even for a string holding
   * half a surrogate pair: it stays that char here (and {@code getBytes} makes it {@code ?}, as
   * before), where Jackson's UTF-8 generator would write it as an escape. The buffers come from
   * Jackson's recycler pool, as {@code ObjectMapper.writeValueAsString} takes them.
   */
  static String write(ExportTraceServiceRequest request) {
    BufferRecycler recycler = FACTORY._getBufferRecycler();
    try (SegmentedStringWriter out = new SegmentedStringWriter(recycler)) {
      try (JsonGenerator g = FACTORY.createGenerator(out)) {
        request(g, request);
      }
      return out.getAndClear();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory does not fail", e);
    } finally {
      recycler.releaseToPool();
    }
  }

  private static void request(JsonGenerator g, ExportTraceServiceRequest request) throws IOException {
    g.writeStartObject();
    if (request.getResourceSpansCount() > 0) {
      g.writeFieldName(RESOURCE_SPANS);
      g.writeStartArray();
      for (ResourceSpans r : request.getResourceSpansList()) {
        resourceSpans(g, r);
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  private static void resourceSpans(JsonGenerator g, ResourceSpans r) throws IOException {
    g.writeStartObject();
    if (r.hasResource()) {
      g.writeFieldName(RESOURCE);
      resource(g, r.getResource());
    }
    if (r.getScopeSpansCount() > 0) {
      g.writeFieldName(SCOPE_SPANS);
      g.writeStartArray();
      for (ScopeSpans s : r.getScopeSpansList()) {
        scopeSpans(g, s);
      }
      g.writeEndArray();
    }
    string(g, SCHEMA_URL, r.getSchemaUrl());
    g.writeEndObject();
  }

  private static void resource(JsonGenerator g, Resource r) throws IOException {
    g.writeStartObject();
    attributes(g, r.getAttributesList());
    uint32(g, DROPPED_ATTRIBUTES_COUNT, r.getDroppedAttributesCount());
    if (r.getEntityRefsCount() > 0) {
      g.writeFieldName(ENTITY_REFS);
      g.writeStartArray();
      for (EntityRef e : r.getEntityRefsList()) {
        g.writeStartObject();
        string(g, SCHEMA_URL, e.getSchemaUrl());
        string(g, TYPE, e.getType());
        strings(g, ID_KEYS, e.getIdKeysList());
        strings(g, DESCRIPTION_KEYS, e.getDescriptionKeysList());
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  private static void scopeSpans(JsonGenerator g, ScopeSpans s) throws IOException {
    g.writeStartObject();
    if (s.hasScope()) {
      InstrumentationScope scope = s.getScope();
      g.writeFieldName(SCOPE);
      g.writeStartObject();
      string(g, NAME, scope.getName());
      string(g, VERSION, scope.getVersion());
      attributes(g, scope.getAttributesList());
      uint32(g, DROPPED_ATTRIBUTES_COUNT, scope.getDroppedAttributesCount());
      g.writeEndObject();
    }
    if (s.getSpansCount() > 0) {
      g.writeFieldName(SPANS);
      g.writeStartArray();
      for (Span span : s.getSpansList()) {
        span(g, span);
      }
      g.writeEndArray();
    }
    string(g, SCHEMA_URL, s.getSchemaUrl());
    g.writeEndObject();
  }

  private static void span(JsonGenerator g, Span s) throws IOException {
    g.writeStartObject();
    hexId(g, TRACE_ID, s.getTraceId());
    hexId(g, SPAN_ID, s.getSpanId());
    string(g, TRACE_STATE, s.getTraceState());
    hexId(g, PARENT_SPAN_ID, s.getParentSpanId());
    string(g, NAME, s.getName());
    int32(g, KIND, s.getKindValue());
    fixed64(g, START_TIME, s.getStartTimeUnixNano());
    fixed64(g, END_TIME, s.getEndTimeUnixNano());
    attributes(g, s.getAttributesList());
    uint32(g, DROPPED_ATTRIBUTES_COUNT, s.getDroppedAttributesCount());
    if (s.getEventsCount() > 0) {
      g.writeFieldName(EVENTS);
      g.writeStartArray();
      for (Span.Event e : s.getEventsList()) {
        g.writeStartObject();
        fixed64(g, TIME, e.getTimeUnixNano());
        string(g, NAME, e.getName());
        attributes(g, e.getAttributesList());
        uint32(g, DROPPED_ATTRIBUTES_COUNT, e.getDroppedAttributesCount());
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    uint32(g, DROPPED_EVENTS_COUNT, s.getDroppedEventsCount());
    if (s.getLinksCount() > 0) {
      g.writeFieldName(LINKS);
      g.writeStartArray();
      for (Span.Link l : s.getLinksList()) {
        g.writeStartObject();
        hexId(g, TRACE_ID, l.getTraceId());
        hexId(g, SPAN_ID, l.getSpanId());
        string(g, TRACE_STATE, l.getTraceState());
        attributes(g, l.getAttributesList());
        uint32(g, DROPPED_ATTRIBUTES_COUNT, l.getDroppedAttributesCount());
        uint32(g, FLAGS, l.getFlags());
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    uint32(g, DROPPED_LINKS_COUNT, s.getDroppedLinksCount());
    if (s.hasStatus()) {
      Status status = s.getStatus();
      g.writeFieldName(STATUS);
      g.writeStartObject();
      string(g, MESSAGE, status.getMessage());
      int32(g, CODE, status.getCodeValue());
      g.writeEndObject();
    }
    uint32(g, FLAGS, s.getFlags());
    g.writeEndObject();
  }

  private static void attributes(JsonGenerator g, List<KeyValue> attributes) throws IOException {
    if (!attributes.isEmpty()) {
      g.writeFieldName(ATTRIBUTES);
      keyValues(g, attributes);
    }
  }

  private static void keyValues(JsonGenerator g, List<KeyValue> keyValues) throws IOException {
    g.writeStartArray();
    for (KeyValue kv : keyValues) {
      g.writeStartObject();
      string(g, KEY, kv.getKey());
      if (kv.hasValue()) {
        g.writeFieldName(VALUE);
        anyValue(g, kv.getValue());
      }
      int32(g, KEY_STRINDEX, kv.getKeyStrindex());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  /** The set case is written even at its default ({@code "stringValue":""}); none set is {@code {}}. */
  private static void anyValue(JsonGenerator g, AnyValue v) throws IOException {
    g.writeStartObject();
    switch (v.getValueCase()) {
      case STRING_VALUE -> {
        g.writeFieldName(STRING_VALUE);
        g.writeString(v.getStringValue());
      }
      case BOOL_VALUE -> {
        g.writeFieldName(BOOL_VALUE);
        g.writeBoolean(v.getBoolValue());
      }
      case INT_VALUE -> {
        g.writeFieldName(INT_VALUE);
        g.writeString(Long.toString(v.getIntValue()));
      }
      case DOUBLE_VALUE -> {
        g.writeFieldName(DOUBLE_VALUE);
        double d = v.getDoubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
          g.writeString(Double.toString(d));
        } else {
          g.writeRawValue(Double.toString(d));
        }
      }
      case ARRAY_VALUE -> {
        g.writeFieldName(ARRAY_VALUE);
        g.writeStartObject();
        List<AnyValue> values = v.getArrayValue().getValuesList();
        if (!values.isEmpty()) {
          g.writeFieldName(VALUES);
          g.writeStartArray();
          for (AnyValue item : values) {
            anyValue(g, item);
          }
          g.writeEndArray();
        }
        g.writeEndObject();
      }
      case KVLIST_VALUE -> {
        g.writeFieldName(KVLIST_VALUE);
        g.writeStartObject();
        List<KeyValue> values = v.getKvlistValue().getValuesList();
        if (!values.isEmpty()) {
          g.writeFieldName(VALUES);
          keyValues(g, values);
        }
        g.writeEndObject();
      }
      case BYTES_VALUE -> {
        g.writeFieldName(BYTES_VALUE);
        g.writeString(Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray()));
      }
      case STRING_VALUE_STRINDEX -> {
        g.writeFieldName(STRING_VALUE_STRINDEX);
        g.writeNumber(v.getStringValueStrindex());
      }
      case VALUE_NOT_SET -> {
        // an empty object, as JsonFormat writes it
      }
    }
    g.writeEndObject();
  }

  private static void string(JsonGenerator g, SerializableString name, String value) throws IOException {
    if (!value.isEmpty()) {
      g.writeFieldName(name);
      g.writeString(value);
    }
  }

  private static void strings(JsonGenerator g, SerializableString name, ProtocolStringList values) throws IOException {
    if (!values.isEmpty()) {
      g.writeFieldName(name);
      g.writeStartArray();
      for (String s : values) {
        g.writeString(s);
      }
      g.writeEndArray();
    }
  }

  private static void int32(JsonGenerator g, SerializableString name, int value) throws IOException {
    if (value != 0) {
      g.writeFieldName(name);
      g.writeNumber(value);
    }
  }

  /** uint32 and fixed32: unsigned. */
  private static void uint32(JsonGenerator g, SerializableString name, int value) throws IOException {
    if (value != 0) {
      g.writeFieldName(name);
      g.writeNumber(Integer.toUnsignedLong(value));
    }
  }

  /** fixed64: unsigned, as a decimal string. */
  private static void fixed64(JsonGenerator g, SerializableString name, long value) throws IOException {
    if (value != 0) {
      g.writeFieldName(name);
      g.writeString(Long.toUnsignedString(value));
    }
  }

  /** OTLP's one exception to protobuf's JSON mapping: trace and span ids are lowercase hex. */
  private static void hexId(JsonGenerator g, SerializableString name, ByteString id) throws IOException {
    int n = id.size();
    if (n == 0) {
      return;
    }
    char[] hex = new char[n * 2];
    for (int i = 0; i < n; i++) {
      int b = id.byteAt(i) & 0xff;
      hex[2 * i] = HEX_DIGITS[b >>> 4];
      hex[2 * i + 1] = HEX_DIGITS[b & 0xf];
    }
    g.writeFieldName(name);
    g.writeString(hex, 0, hex.length);
  }

  private static SerializableString name(String name) {
    return new SerializedString(name);
  }
}
