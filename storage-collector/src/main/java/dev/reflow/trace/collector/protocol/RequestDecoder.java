package dev.reflow.trace.collector.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.reflow.trace.json.TraceFormatException;
import dev.reflow.trace.json.TraceJson;
import dev.reflow.trace.model.ExecutionStatus;
import dev.reflow.trace.model.FlowId;
import dev.reflow.trace.model.JsonValue;
import dev.reflow.trace.model.TraceEvent;
import dev.reflow.trace.model.TraceEventType;
import dev.reflow.trace.model.TraceId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Reads one request frame with serde-derive semantics, as Reflow's collector parses
 * {@code TracingRequest} (and, after it, the legacy {@code TraceMessage}): an externally tagged
 * enum, a unit variant as a bare string (or {@code {"Ping":null}}), a struct variant as a one-key
 * object whose value holds the fields by name (or in order, as an array). Unknown keys are
 * ignored; missing, duplicate and {@code null} required fields are errors; a missing
 * {@code trace_id} of StartTrace and {@code request_id} of GetTrace and QueryTraces is a random
 * UUID, as upstream's {@code Default}s make it. The trace types inside (events, versions,
 * statuses, queries, traces) are read by the project's codec, {@link TraceJson}.
 *
 * <p>Every failure is an {@link InvalidRequestException} whose message names the request
 * variant and field and what was wrong, e.g.
 * {@code RecordEvent.event: line 1, column 40, at $.timestamp: expected RFC 3339 timestamp…}.
 * Thread-safe.
 */
public final class RequestDecoder {
  private static final JsonFactory FACTORY = new JsonFactory();

  private static final Map<String, List<String>> STRUCT_VARIANTS = Map.of(
      "StartTrace", List.of("trace_id", "flow_id", "version"),
      "RecordEvent", List.of("trace_id", "event"),
      "EndTrace", List.of("trace_id", "status"),
      "GetTrace", List.of("request_id", "trace_id"),
      "QueryTraces", List.of("request_id", "query"),
      "GetFlowVersions", List.of("flow_id"),
      "Subscribe", List.of("filters"),
      "StoreTrace", List.of("trace"));
  private static final Map<String, Request.Unit> UNIT_VARIANTS = Map.of(
      "Ping", Request.Unit.PING,
      "Unsubscribe", Request.Unit.UNSUBSCRIBE,
      "GetMetrics", Request.Unit.GET_METRICS);
  private static final String EXPECTED_VARIANTS = "expected one of `StartTrace`, `RecordEvent`, `EndTrace`, "
      + "`GetTrace`, `QueryTraces`, `GetFlowVersions`, `Ping`, `Subscribe`, `Unsubscribe`, `StoreTrace`, `GetMetrics`";
  private static final List<String> FILTER_FIELDS = List.of("flow_ids", "actor_ids", "event_types", "status_filter");

  private RequestDecoder() {}

  /** Reads a request from UTF-8 JSON text. */
  public static Request decode(byte[] utf8) {
    Request.RecordEvent event = compactRecordEvent(utf8);
    return event != null ? event : decodeAny(utf8);
  }

  private static Request decodeAny(byte[] utf8) {
    checkUtf8(utf8);
    try (JsonParser p = FACTORY.createParser(utf8)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new InvalidRequestException("empty message: expected a request such as \"Ping\" or {\"StartTrace\":{…}}");
      }
      Request request;
      if (t == JsonToken.VALUE_STRING) {
        request = unit(p.getText());
      } else if (t == JsonToken.START_OBJECT) {
        String variant = p.nextFieldName();
        if (variant == null) {
          throw new InvalidRequestException("expected a request object with one key, the request name, "
              + "e.g. {\"EndTrace\":{…}}; got an empty object");
        }
        p.nextToken();
        if (UNIT_VARIANTS.containsKey(variant)) {
          if (p.currentToken() != JsonToken.VALUE_NULL) {
            throw new InvalidRequestException(variant + ": invalid type: " + describe(p) + ", expected unit variant");
          }
          request = UNIT_VARIANTS.get(variant);
        } else if (STRUCT_VARIANTS.containsKey(variant)) {
          request = struct(variant, collect(p, utf8, variant, STRUCT_VARIANTS.get(variant)), utf8);
        } else {
          throw new InvalidRequestException("unknown variant `" + variant + "`, " + EXPECTED_VARIANTS);
        }
        if (p.nextToken() != JsonToken.END_OBJECT) {
          throw new InvalidRequestException("a request object has exactly one key, the request name; found "
              + describe(p) + " after `" + variant + "`");
        }
      } else {
        throw new InvalidRequestException("expected a request, a string such as \"Ping\" or an object such as "
            + "{\"RecordEvent\":{…}}; got " + describe(p));
      }
      if (p.nextToken() != null) {
        throw new InvalidRequestException("trailing characters after the " + request.variant() + " request");
      }
      return request;
    } catch (JsonProcessingException e) {
      throw new InvalidRequestException("malformed JSON: " + e.getOriginalMessage() + location(e), e);
    } catch (IOException e) {
      throw new InvalidRequestException("unreadable request: " + e.getMessage(), e);
    }
  }

  /**
   * Text frames reach the decoder unchecked (the server turns Netty's per-byte validator off), and
   * Binary ones never were checked: every request not read by {@link #compactRecordEvent} (whose
   * codec checks the event's bytes, and whose other bytes are ASCII by construction) is checked
   * here, so invalid text is named, with its byte offset, rather than half-read by the parser.
   */
  private static void checkUtf8(byte[] utf8) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(utf8);
    CoderResult result = decoder.decode(in, CharBuffer.allocate(utf8.length), true);
    if (result.isError()) {
      throw new InvalidRequestException("the request is not valid UTF-8 text: invalid byte sequence at byte offset "
          + in.position());
    }
  }

  /** Reads a request from JSON text. */
  public static Request decode(String json) {
    return decode(json.getBytes(StandardCharsets.UTF_8));
  }

  // ---------------------------------------------------------------- RecordEvent as clients send it

  private static final byte[] RECORD_EVENT_PREFIX = "{\"RecordEvent\":{".getBytes(StandardCharsets.UTF_8);

  /**
   * The request nearly every frame is, in the shape serde_json writes it (compact, {@code event}
   * the last field), read without walking the event twice: the general path skips over the event
   * to find its end, then the codec reads it. Here the event's end is known from the frame's end
   * ({@code …}}}), so the codec reads it at once; the codec accepting exactly those bytes as one
   * event proves the guess. Returns null for anything else (another request, another field order,
   * an invalid event, a trace id that is not a valid UUID string…): {@link #decodeAny} then reads
   * the frame from the start, with its exact error messages. So both paths give the same request
   * or the same error for every input; the fast one is only faster.
   */
  private static Request.RecordEvent compactRecordEvent(byte[] utf8) {
    if (!startsWith(utf8, RECORD_EVENT_PREFIX)) {
      return null;
    }
    int structEnd = lastNonSpace(utf8, utf8.length); // the request object's closing brace
    int eventEnd = structEnd < 0 || utf8[structEnd] != '}' ? -1 : lastNonSpace(utf8, structEnd); // RecordEvent's
    if (eventEnd < 0 || utf8[eventEnd] != '}') {
      return null;
    }
    eventEnd = lastNonSpace(utf8, eventEnd) + 1; // just after the event's own closing brace
    Request.RecordEvent exact = exactRecordEvent(utf8, eventEnd);
    if (exact != null) {
      return exact;
    }
    try (JsonParser p = FACTORY.createParser(utf8)) {
      p.nextToken(); // {
      p.nextFieldName(); // RecordEvent
      p.nextToken(); // {
      String traceId = null;
      String name;
      while ((name = p.nextFieldName()) != null) {
        JsonToken t = p.nextToken();
        if (name.equals("trace_id")) {
          if (traceId != null || t != JsonToken.VALUE_STRING) {
            return null;
          }
          traceId = p.getText();
        } else if (name.equals("event")) {
          int start = (int) p.currentTokenLocation().getByteOffset();
          if (traceId == null || t != JsonToken.START_OBJECT || start >= eventEnd) {
            return null;
          }
          TraceEvent event = TraceJson.readEvent(utf8, start, eventEnd - start, null);
          return new Request.RecordEvent(TraceId.parse(traceId), event, Arrays.copyOfRange(utf8, start, eventEnd));
        } else {
          return null; // another field: the general path reads it (and checks its text)
        }
      }
      return null;
    } catch (IOException | RuntimeException e) {
      return null; // the general path reads it again and names what is wrong
    }
  }

  private static final byte[] TRACE_ID_PREFIX = "{\"RecordEvent\":{\"trace_id\":\"".getBytes(StandardCharsets.UTF_8);
  private static final byte[] EVENT_KEY = "\",\"event\":".getBytes(StandardCharsets.UTF_8);
  private static final int UUID_LENGTH = 36;

  /**
   * The exact bytes serde_json writes ({@code {"RecordEvent":{"trace_id":"<36>","event":…}}}),
   * read without a JSON parser for the frame: a string of 36 characters that parses as a UUID holds
   * no quote or escape, so it is the whole {@code trace_id} value, and the event starts right after
   * {@code "event":}. Returns null for anything else (the parser-based reading then decides).
   */
  private static Request.RecordEvent exactRecordEvent(byte[] utf8, int eventEnd) {
    int idEnd = TRACE_ID_PREFIX.length + UUID_LENGTH;
    int start = idEnd + EVENT_KEY.length;
    if (start >= eventEnd || !startsWith(utf8, TRACE_ID_PREFIX)
        || !Arrays.equals(utf8, idEnd, start, EVENT_KEY, 0, EVENT_KEY.length) || utf8[start] != '{') {
      return null;
    }
    TraceId traceId;
    try {
      traceId = TraceId.parse(new String(utf8, TRACE_ID_PREFIX.length, UUID_LENGTH, StandardCharsets.ISO_8859_1));
    } catch (RuntimeException e) {
      return null;
    }
    try {
      TraceEvent event = TraceJson.readEvent(utf8, start, eventEnd - start, null);
      return new Request.RecordEvent(traceId, event, Arrays.copyOfRange(utf8, start, eventEnd));
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static boolean startsWith(byte[] utf8, byte[] prefix) {
    return utf8.length > prefix.length && Arrays.equals(utf8, 0, prefix.length, prefix, 0, prefix.length);
  }

  /** The index of the last byte before {@code end} that is not JSON whitespace, or -1. */
  private static int lastNonSpace(byte[] utf8, int end) {
    int i = end - 1;
    while (i >= 0 && (utf8[i] == ' ' || utf8[i] == '\n' || utf8[i] == '\r' || utf8[i] == '\t')) {
      i--;
    }
    return i;
  }

  private static Request unit(String variant) {
    Request.Unit unit = UNIT_VARIANTS.get(variant);
    if (unit != null) {
      return unit;
    }
    if (STRUCT_VARIANTS.containsKey(variant)) {
      throw new InvalidRequestException(variant + ": invalid type: unit variant, expected struct variant with fields "
          + STRUCT_VARIANTS.get(variant));
    }
    throw new InvalidRequestException("unknown variant `" + variant + "`, " + EXPECTED_VARIANTS);
  }

  // ---------------------------------------------------------------- fields

  /** One field's value: a scalar's token and text, or where an object or array lies in the input. */
  private record Value(JsonToken token, String text, int start, int end) {
    boolean isNull() {
      return token == JsonToken.VALUE_NULL;
    }
  }

  /** Collects a struct's fields (map or sequence form) with the parser on its first token. */
  private static Map<String, Value> collect(JsonParser p, byte[] utf8, String where, List<String> names)
      throws IOException {
    Map<String, Value> values = new HashMap<>();
    if (p.currentToken() == JsonToken.START_OBJECT) {
      String name;
      while ((name = p.nextFieldName()) != null) {
        p.nextToken();
        if (!names.contains(name)) {
          p.skipChildren();
          continue;
        }
        if (values.containsKey(name)) {
          throw new InvalidRequestException(where + ": duplicate field `" + name + "`");
        }
        values.put(name, capture(p));
      }
    } else if (p.currentToken() == JsonToken.START_ARRAY) {
      int i = 0;
      while (p.nextToken() != JsonToken.END_ARRAY) {
        if (i >= names.size()) {
          throw new InvalidRequestException(where + ": invalid length, expected " + names.size() + " elements "
              + names);
        }
        values.put(names.get(i++), capture(p));
      }
    } else {
      throw new InvalidRequestException(where + ": invalid type: " + describe(p) + ", expected struct with fields "
          + names);
    }
    return values;
  }

  private static Value capture(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
      int start = (int) p.currentTokenLocation().getByteOffset();
      p.skipChildren();
      int end = (int) p.currentTokenLocation().getByteOffset() + 1;
      return new Value(t, null, start, end);
    }
    return new Value(t, p.getText(), -1, -1);
  }

  private static Request struct(String variant, Map<String, Value> f, byte[] utf8) {
    switch (variant) {
      case "StartTrace":
        return new Request.StartTrace(
            f.containsKey("trace_id") ? new TraceId(uuid(variant, "trace_id", f)) : TraceId.random(),
            FlowId.of(string(variant, "flow_id", f)),
            part(variant, "version", f, utf8, (b, o, l) -> TraceJson.readVersion(b, o, l, null)));
      case "RecordEvent": {
        Value event = required(variant, "event", f);
        byte[] json = slice(event, utf8);
        return new Request.RecordEvent(new TraceId(uuid(variant, "trace_id", f)),
            decodePart(variant, "event", () -> TraceJson.readEvent(json, 0, json.length, null)), json);
      }
      case "EndTrace":
        return new Request.EndTrace(new TraceId(uuid(variant, "trace_id", f)),
            part(variant, "status", f, utf8, (b, o, l) -> TraceJson.readStatus(b, o, l, null)));
      case "GetTrace":
        return new Request.GetTrace(
            f.containsKey("request_id") ? uuid(variant, "request_id", f) : UUID.randomUUID(),
            new TraceId(uuid(variant, "trace_id", f)));
      case "QueryTraces":
        return new Request.QueryTraces(
            f.containsKey("request_id") ? uuid(variant, "request_id", f) : UUID.randomUUID(),
            part(variant, "query", f, utf8, (b, o, l) -> TraceJson.readQuery(b, o, l, null)));
      case "GetFlowVersions":
        return new Request.GetFlowVersions(FlowId.of(string(variant, "flow_id", f)));
      case "Subscribe":
        return new Request.Subscribe(filters(required(variant, "filters", f), utf8));
      case "StoreTrace":
        return new Request.StoreTrace(part(variant, "trace", f, utf8, (b, o, l) -> TraceJson.read(b, o, l, null)));
      default:
        throw new IllegalStateException(variant);
    }
  }

  private static Value required(String variant, String field, Map<String, Value> f) {
    Value v = f.get(field);
    if (v == null) {
      throw new InvalidRequestException(variant + ": missing field `" + field + "`");
    }
    if (v.isNull()) {
      throw new InvalidRequestException(variant + "." + field + ": invalid type: null, expected a value");
    }
    return v;
  }

  private static String string(String variant, String field, Map<String, Value> f) {
    Value v = required(variant, field, f);
    if (v.token() != JsonToken.VALUE_STRING) {
      throw new InvalidRequestException(variant + "." + field + ": invalid type: " + describe(v) + ", expected a string");
    }
    return v.text();
  }

  private static UUID uuid(String variant, String field, Map<String, Value> f) {
    String text = string(variant, field, f);
    try {
      return TraceId.parse(text).value();
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(variant + "." + field + ": " + e.getMessage());
    }
  }

  /** Reads one trace part with the codec from its bytes (a scalar is written back as JSON first). */
  private interface PartReader<T> {
    T read(byte[] utf8, int off, int len);
  }

  private interface PartSupplier<T> {
    T get();
  }

  private static <T> T part(String variant, String field, Map<String, Value> f, byte[] utf8, PartReader<T> reader) {
    Value v = required(variant, field, f);
    if (v.start() >= 0) {
      return decodePart(variant, field, () -> reader.read(utf8, v.start(), v.end() - v.start()));
    }
    byte[] scalar = scalarJson(v);
    return decodePart(variant, field, () -> reader.read(scalar, 0, scalar.length));
  }

  private static <T> T decodePart(String variant, String field, PartSupplier<T> decode) {
    try {
      return decode.get();
    } catch (TraceFormatException e) {
      throw new InvalidRequestException(variant + "." + field + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(variant + "." + field + ": " + e.getMessage(), e);
    }
  }

  private static byte[] slice(Value v, byte[] utf8) {
    return v.start() >= 0 ? Arrays.copyOfRange(utf8, v.start(), v.end()) : scalarJson(v);
  }

  private static byte[] scalarJson(Value v) {
    if (v.token() == JsonToken.VALUE_STRING) {
      return TraceJson.writeValueBytes(JsonValue.of(v.text()));
    }
    return v.text().getBytes(StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------- SubscriptionFilters

  private static SubscriptionFilters filters(Value v, byte[] utf8) {
    byte[] json = slice(v, utf8);
    String where = "Subscribe.filters";
    try (JsonParser p = FACTORY.createParser(json)) {
      p.nextToken();
      Map<String, Value> f = collect(p, json, where, FILTER_FIELDS);
      return new SubscriptionFilters(
          list(json, f.get("flow_ids"), where + ".flow_ids", item -> FlowId.of(stringItem(item, where + ".flow_ids"))),
          list(json, f.get("actor_ids"), where + ".actor_ids", item -> stringItem(item, where + ".actor_ids")),
          list(json, f.get("event_types"), where + ".event_types", item -> decodePart(where, "event_types",
              () -> TraceJson.readEventType(item, 0, item.length, null))),
          list(json, f.get("status_filter"), where + ".status_filter", item -> decodePart(where, "status_filter",
              () -> TraceJson.readStatus(item, 0, item.length, null))));
    } catch (JsonProcessingException e) {
      throw new InvalidRequestException(where + ": malformed JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new InvalidRequestException(where + ": " + e.getMessage(), e);
    }
  }

  private static String stringItem(byte[] item, String where) {
    JsonValue value;
    try {
      value = TraceJson.readValue(item);
    } catch (TraceFormatException e) {
      throw new InvalidRequestException(where + ": " + e.getMessage(), e);
    }
    if (value instanceof JsonValue.JsonString s) {
      return s.value();
    }
    throw new InvalidRequestException(where + ": invalid type: " + value + ", expected a string");
  }

  /** A nullable list whose items are converted from their JSON bytes. */
  private static <T> List<T> list(byte[] json, Value v, String where, Function<byte[], T> item) throws IOException {
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.token() != JsonToken.START_ARRAY) {
      throw new InvalidRequestException(where + ": invalid type: " + describe(v) + ", expected a sequence");
    }
    byte[] array = slice(v, json);
    List<T> out = new ArrayList<>();
    try (JsonParser p = FACTORY.createParser(array)) {
      p.nextToken();
      while (p.nextToken() != JsonToken.END_ARRAY) {
        out.add(item.apply(slice(capture(p), array)));
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- messages

  private static String describe(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == null) {
      return "end of input";
    }
    return switch (t) {
      case VALUE_STRING -> "string \"" + p.getText() + "\"";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number " + p.getText();
      case VALUE_TRUE, VALUE_FALSE -> "boolean " + p.getText();
      case VALUE_NULL -> "null";
      case START_OBJECT -> "a map";
      case START_ARRAY -> "a sequence";
      case FIELD_NAME -> "key \"" + p.getText() + "\"";
      default -> t.asString();
    };
  }

  private static String describe(Value v) {
    return switch (v.token()) {
      case VALUE_STRING -> "string \"" + v.text() + "\"";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number " + v.text();
      case VALUE_TRUE, VALUE_FALSE -> "boolean " + v.text();
      case VALUE_NULL -> "null";
      case START_OBJECT -> "a map";
      case START_ARRAY -> "a sequence";
      default -> v.token().asString();
    };
  }

  private static String location(JsonProcessingException e) {
    var at = e.getLocation();
    return at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
  }
}
