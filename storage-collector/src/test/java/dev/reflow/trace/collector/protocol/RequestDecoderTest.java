package dev.reflow.trace.collector.protocol;

import static dev.reflow.trace.collector.protocol.ProtocolFixtures.EVENT;
import static dev.reflow.trace.collector.protocol.ProtocolFixtures.VERSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflow.trace.json.TraceJson;
import dev.reflow.trace.model.ExecutionStatus;
import dev.reflow.trace.model.FlowId;
import dev.reflow.trace.model.TraceEventType;
import dev.reflow.trace.model.TraceId;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Every request shape of the protocol spec, written by hand, read as Reflow's serde code reads it. */
class RequestDecoderTest {
  private static final String TRACE_ID = "6f1c2d3e-4a5b-4c6d-8e7f-90a1b2c38a11";
  private static final String REQUEST_ID = "1d0e2f3a-4b5c-4d6e-8f70-8192a3b4eeff";

  @Test
  @DisplayName("StartTrace reads trace_id, flow_id and version; a missing trace_id is a fresh random UUID")
  void startTrace_allFieldsAndDefaultTraceId() {
    Request.StartTrace r = (Request.StartTrace) RequestDecoder.decode(
        "{\"StartTrace\":{\"trace_id\":\"" + TRACE_ID + "\",\"flow_id\":\"orders\",\"version\":" + VERSION + "}}");
    assertThat(r.traceId()).isEqualTo(TraceId.parse(TRACE_ID));
    assertThat(r.flowId()).isEqualTo(FlowId.of("orders"));
    assertThat(r.version().major()).isEqualTo(1);
    assertThat(TraceJson.writeVersion(r.version())).isEqualTo(VERSION);

    Request.StartTrace a = (Request.StartTrace) RequestDecoder.decode("{\"StartTrace\":{\"flow_id\":\"orders\",\"version\":" + VERSION + "}}");
    Request.StartTrace b = (Request.StartTrace) RequestDecoder.decode("{\"StartTrace\":{\"flow_id\":\"orders\",\"version\":" + VERSION + "}}");
    assertThat(a.traceId()).as("two defaulted trace ids").isNotEqualTo(b.traceId());
    assertThat(a.traceId().value().version()).isEqualTo(4);
  }

  @Test
  @DisplayName("A struct variant's fields are also accepted in serde's sequence form, and unknown keys are ignored")
  void structVariant_sequenceFormAndUnknownKeys() {
    Request r = RequestDecoder.decode("{\"EndTrace\":[\"" + TRACE_ID + "\",\"Completed\"]}");
    assertThat(r).isEqualTo(new Request.EndTrace(TraceId.parse(TRACE_ID), ExecutionStatus.COMPLETED));
    Request s = RequestDecoder.decode("{\"EndTrace\":{\"extra\":[1,{\"x\":2}],\"trace_id\":\"" + TRACE_ID.toUpperCase()
        + "\",\"status\":{\"Failed\":{\"error\":\"boom\"}}}}");
    assertThat(s).isEqualTo(new Request.EndTrace(TraceId.parse(TRACE_ID), ExecutionStatus.failed("boom")));
  }

  @Test
  @DisplayName("RecordEvent reads the event with the codec and keeps its bytes as received")
  void recordEvent_eventAndItsBytes() {
    String json = "{\"RecordEvent\":{\"trace_id\":\"" + TRACE_ID + "\",\"event\":" + EVENT + "}}";
    Request.RecordEvent r = (Request.RecordEvent) RequestDecoder.decode(json);
    assertThat(r.traceId()).isEqualTo(TraceId.parse(TRACE_ID));
    assertThat(r.event().actorId()).isEqualTo("reader");
    assertThat(r.event().eventType()).isEqualTo(TraceEventType.Simple.ACTOR_CREATED);
    assertThat(new String(r.eventJson(), StandardCharsets.UTF_8)).isEqualTo(EVENT);
    assertThat(TraceJson.writeEventBytes(r.event())).isEqualTo(EVENT.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("GetTrace and QueryTraces echo request_id, or default it to a random UUID when missing")
  void getTraceAndQuery_requestIds() {
    Request.GetTrace g = (Request.GetTrace) RequestDecoder.decode(
        "{\"GetTrace\":{\"request_id\":\"" + REQUEST_ID + "\",\"trace_id\":\"" + TRACE_ID + "\"}}");
    assertThat(g.requestId()).isEqualTo(UUID.fromString(REQUEST_ID));
    Request.GetTrace legacy = (Request.GetTrace) RequestDecoder.decode("{\"GetTrace\":{\"trace_id\":\"" + TRACE_ID + "\"}}");
    assertThat(legacy.requestId()).isNotNull();

    Request.QueryTraces q = (Request.QueryTraces) RequestDecoder.decode("{\"QueryTraces\":{\"request_id\":\"" + REQUEST_ID
        + "\",\"query\":{\"flow_id\":\"order_ingest_pipeline\",\"execution_id\":null,\"time_range\":"
        + "[\"2026-03-14T00:00:00Z\",\"2026-03-15T00:00:00Z\"],\"status\":{\"Failed\":{\"error\":\"boom\"}},"
        + "\"actor_filter\":null,\"limit\":50,\"offset\":null}}}");
    assertThat(q.requestId()).isEqualTo(UUID.fromString(REQUEST_ID));
    assertThat(q.query().flowId()).isEqualTo(FlowId.of("order_ingest_pipeline"));
    assertThat(q.query().limit()).isEqualTo(50);
    assertThat(q.query().statusKind()).isEqualTo(ExecutionStatus.Kind.FAILED);
    Request.QueryTraces empty = (Request.QueryTraces) RequestDecoder.decode("{\"QueryTraces\":{\"query\":{}}}");
    assertThat(empty.query().limit()).as("missing Option fields read as null").isNull();
  }

  @Test
  @DisplayName("Unit variants: \"Ping\", \"Unsubscribe\", legacy \"GetMetrics\", also as {\"Ping\":null}")
  void unitVariants() {
    assertThat(RequestDecoder.decode("\"Ping\"")).isEqualTo(Request.Unit.PING);
    assertThat(RequestDecoder.decode(" {\"Ping\":null} ")).isEqualTo(Request.Unit.PING);
    assertThat(RequestDecoder.decode("\"Unsubscribe\"")).isEqualTo(Request.Unit.UNSUBSCRIBE);
    assertThat(RequestDecoder.decode("\"GetMetrics\"")).isEqualTo(Request.Unit.GET_METRICS);
  }

  @Test
  @DisplayName("Subscribe reads all four filters, each a nullable list; GetFlowVersions its flow id")
  void subscribeAndFlowVersions() {
    Request.Subscribe s = (Request.Subscribe) RequestDecoder.decode("{\"Subscribe\":{\"filters\":{\"flow_ids\":[\"orders\"],"
        + "\"actor_ids\":[\"reader\",\"writer\"],\"event_types\":[\"ActorFailed\",{\"DataFlow\":{\"to_actor\":\"b\",\"to_port\":\"in\"}}],"
        + "\"status_filter\":[\"Running\",{\"Failed\":{\"error\":\"\"}}]}}}");
    assertThat(s.filters()).isEqualTo(new SubscriptionFilters(List.of(FlowId.of("orders")), List.of("reader", "writer"),
        List.of(TraceEventType.Simple.ACTOR_FAILED, new TraceEventType.DataFlow("b", "in")),
        List.of(ExecutionStatus.RUNNING, ExecutionStatus.failed(""))));
    Request.Subscribe all = (Request.Subscribe) RequestDecoder.decode("{\"Subscribe\":{\"filters\":{\"flow_ids\":null}}}");
    assertThat(all.filters()).isEqualTo(SubscriptionFilters.ALL);
    assertThat(RequestDecoder.decode("{\"GetFlowVersions\":{\"flow_id\":\"orders\"}}"))
        .isEqualTo(new Request.GetFlowVersions(FlowId.of("orders")));
  }

  @Test
  @DisplayName("Legacy StoreTrace reads a whole trace with the codec")
  void storeTrace_legacy() {
    String trace = ProtocolFixtures.text(ProtocolFixtures.COMPLETED);
    Request.StoreTrace r = (Request.StoreTrace) RequestDecoder.decode("{\"StoreTrace\":{\"trace\":" + trace + "}}");
    assertThat(TraceJson.write(r.trace())).isEqualTo(trace);
  }

  @Test
  @DisplayName("Every request names its variant as the wire does (used in errors and logs)")
  void variant_isTheWireName() {
    List<String> wire = List.of(
        "{\"StartTrace\":{\"flow_id\":\"orders\",\"version\":" + VERSION + "}}",
        "{\"RecordEvent\":{\"trace_id\":\"" + TRACE_ID + "\",\"event\":" + EVENT + "}}",
        "{\"EndTrace\":[\"" + TRACE_ID + "\",\"Completed\"]}",
        "{\"GetTrace\":{\"trace_id\":\"" + TRACE_ID + "\"}}",
        "{\"QueryTraces\":{\"query\":{}}}",
        "{\"GetFlowVersions\":{\"flow_id\":\"orders\"}}",
        "{\"Subscribe\":{\"filters\":{\"flow_ids\":null}}}",
        "{\"StoreTrace\":{\"trace\":" + ProtocolFixtures.text(ProtocolFixtures.COMPLETED) + "}}",
        "\"Ping\"", "\"Unsubscribe\"", "\"GetMetrics\"");
    for (String json : wire) {
      String name = json.substring(json.indexOf('"') + 1, json.indexOf('"', json.indexOf('"') + 1));
      assertThat(RequestDecoder.decode(json).variant()).as(json).isEqualTo(name);
    }
  }

  @Test
  @DisplayName("RecordEvent in every accepted shape (compact, spaced, reordered, unknown keys, sequence form) reads the same")
  void recordEvent_everyShapeReadsTheSame() {
    String prefix = "{\"RecordEvent\":";
    String id = "\"trace_id\":\"" + TRACE_ID + "\"";
    List<String> shapes = List.of(
        prefix + "{" + id + ",\"event\":" + EVENT + "}}",
        prefix + "{" + id + ",\"event\":" + EVENT + " } }\n",
        prefix + "{" + id + ",\"event\":" + EVENT + "}}\r\n\t ",
        " " + prefix + "{" + id + ",\"event\":" + EVENT + "}}",
        "{ \"RecordEvent\" : { " + id + " , \"event\" : " + EVENT + " } }",
        prefix + "{\"event\":" + EVENT + "," + id + "}}",
        prefix + "{\"extra\":{\"event\":{}},\"x\":[\"}\"]," + id + ",\"event\":" + EVENT + "}}",
        prefix + "{" + id + ",\"event\":" + EVENT + ",\"after\":{\"a\":\"}}\"}}}",
        prefix + "[\"" + TRACE_ID + "\"," + EVENT + "]}");
    for (String json : shapes) {
      Request.RecordEvent r = (Request.RecordEvent) RequestDecoder.decode(json);
      assertThat(r.traceId()).as(json).isEqualTo(TraceId.parse(TRACE_ID));
      assertThat(new String(r.eventJson(), StandardCharsets.UTF_8)).as(json).isEqualTo(EVENT);
      assertThat(TraceJson.writeEventBytes(r.event())).as(json).isEqualTo(EVENT.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  @DisplayName("RecordEvent that is almost the compact shape but invalid gets the error the general reading gives")
  void recordEvent_nearlyCompactButInvalid_namesWhatWasWrong() {
    String prefix = "{\"RecordEvent\":{\"trace_id\":\"" + TRACE_ID + "\",\"event\":";
    assertInvalid(prefix + EVENT + "}}x", "malformed JSON");
    assertInvalid(prefix + EVENT + "}} }", "malformed JSON", "Unexpected close marker");
    assertInvalid(prefix + EVENT + "}", "malformed JSON");
    assertInvalid(prefix + EVENT + ",\"event\":" + EVENT + "}}", "RecordEvent: duplicate field `event`");
    assertInvalid("{\"RecordEvent\":{\"trace_id\":\"" + TRACE_ID + "\",\"trace_id\":\"" + TRACE_ID + "\",\"event\":"
        + EVENT + "}}", "RecordEvent: duplicate field `trace_id`");
    assertInvalid("{\"RecordEvent\":{\"trace_id\":\"nope\",\"event\":" + EVENT + "}}",
        "RecordEvent.trace_id: trace id must be a UUID");
    assertInvalid("{\"RecordEvent\":{\"trace_id\":7,\"event\":" + EVENT + "}}", "RecordEvent.trace_id: invalid type: number 7");
    assertInvalid("{\"RecordEvent\":{\"event\":" + EVENT + "}}", "RecordEvent: missing field `trace_id`");
    assertInvalid(prefix + "null}}", "RecordEvent.event: invalid type: null");
    assertInvalid(prefix + EVENT.replace("\"actor_id\":\"reader\",", "") + "}}", "RecordEvent.event: ", "actor_id");
  }

  @Test
  @DisplayName("Invalid requests are errors that name the variant, the field and what was wrong")
  void invalid_namesWhatWasWrong() {
    assertInvalid("not json", "malformed JSON");
    assertInvalid("", "empty message");
    assertInvalid("42", "expected a request");
    assertInvalid("{}", "empty object");
    assertInvalid("\"Pong\"", "unknown variant `Pong`");
    assertInvalid("{\"Launch\":{}}", "unknown variant `Launch`, expected one of `StartTrace`");
    assertInvalid("\"EndTrace\"", "EndTrace: invalid type: unit variant");
    assertInvalid("{\"EndTrace\":{\"trace_id\":\"" + TRACE_ID + "\"}}", "EndTrace: missing field `status`");
    assertInvalid("{\"EndTrace\":{\"trace_id\":\"nope\",\"status\":\"Completed\"}}", "EndTrace.trace_id: trace id must be a UUID", "got \"nope\"");
    assertInvalid("{\"EndTrace\":{\"trace_id\":\"" + TRACE_ID + "\",\"status\":\"Finished\"}}",
        "EndTrace.status: ", "unknown variant `Finished`");
    assertInvalid("{\"EndTrace\":{\"trace_id\":null,\"status\":\"Completed\"}}", "EndTrace.trace_id: invalid type: null");
    assertInvalid("{\"GetTrace\":{\"trace_id\":\"" + TRACE_ID + "\",\"trace_id\":\"" + TRACE_ID + "\"}}",
        "GetTrace: duplicate field `trace_id`");
    assertInvalid("{\"RecordEvent\":{\"trace_id\":\"" + TRACE_ID + "\",\"event\":" + EVENT.replace("\"2026-03-14T09:26:53.590112004Z\"", "\"yesterday\"") + "}}",
        "RecordEvent.event: ", "$.timestamp");
    assertInvalid("\"Ping\" \"Ping\"", "trailing characters");
    assertInvalid("{\"Ping\":null,\"Unsubscribe\":null}", "exactly one key");
    assertInvalid("{\"Subscribe\":{\"filters\":{\"actor_ids\":[1]}}}", "Subscribe.filters.actor_ids", "expected a string");
  }

  @Test
  @DisplayName("A request that is not valid UTF-8 (Text frames are not checked by the server's WebSocket layer) is refused with its byte offset")
  void invalidUtf8_isRefusedWithItsOffset() {
    byte[] start = ("{\"StartTrace\":{\"trace_id\":\"" + TRACE_ID + "\",\"flow_id\":\"a?\",\"version\":null}}")
        .getBytes(StandardCharsets.UTF_8);
    int bad = indexOf(start, (byte) '?');
    start[bad] = (byte) 0xC3; // a lead byte without its continuation (the next byte is ")
    assertThatThrownBy(() -> RequestDecoder.decode(start)).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("not valid UTF-8").hasMessageContaining("byte offset " + bad);
    // An unknown field ahead of the event (serde ignores it) holding an encoded surrogate: the
    // fast RecordEvent reading leaves it to the general one, which checks the whole frame.
    byte[] record = ("{\"RecordEvent\":{\"trace_id\":\"" + TRACE_ID + "\",\"note\":\"???\",\"event\":" + EVENT + "}}")
        .getBytes(StandardCharsets.UTF_8);
    int surrogate = indexOf(record, (byte) '?');
    record[surrogate] = (byte) 0xED;
    record[surrogate + 1] = (byte) 0xA0;
    record[surrogate + 2] = (byte) 0x80;
    assertThatThrownBy(() -> RequestDecoder.decode(record)).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("not valid UTF-8").hasMessageContaining("byte offset " + surrogate);
    // The same frame with valid text is read, the unknown field ignored.
    String valid = "{\"RecordEvent\":{\"trace_id\":\"" + TRACE_ID + "\",\"note\":\"é\",\"event\":" + EVENT + "}}";
    assertThat(((Request.RecordEvent) RequestDecoder.decode(valid)).traceId()).isEqualTo(TraceId.parse(TRACE_ID));
  }

  private static int indexOf(byte[] b, byte x) {
    for (int i = 0; i < b.length; i++) {
      if (b[i] == x) {
        return i;
      }
    }
    throw new AssertionError("not found");
  }

  private static void assertInvalid(String json, String... fragments) {
    assertThatThrownBy(() -> RequestDecoder.decode(json))
        .as("decoding %s", json)
        .isInstanceOf(InvalidRequestException.class)
        .satisfies(e -> {
          for (String f : fragments) {
            assertThat(e.getMessage()).contains(f);
          }
        });
  }
}
