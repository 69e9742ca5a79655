package dev.reflow.trace.checksum;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflow.trace.checksum.SnapshotCheck.Status;
import dev.reflow.trace.json.TraceJson;
import dev.reflow.trace.model.EventId;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.MessageSnapshot;
import dev.reflow.trace.model.TraceEvent;
import dev.reflow.trace.model.TraceEventData;
import dev.reflow.trace.model.TraceId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TraceIntegrityTest {
  private static final String FIXTURE = "fixtures/completed-flow.json";
  private static final String INTEGER_CHECKSUM =
      "sha256:701118c216e53ab69c1602dd6a7ce0c804dd62320240d61fe9f49cbdad65e6f4";
  private static final EventId CAPTURED_EVENT = EventId.parse("50dd2028-1b6a-4bd9-a9bd-86aebfa0cb21");
  private static final TraceId TRACE = TraceId.parse("36404882-85bd-4206-817e-b217fb4f7500");
  /** {"data":42,"type":"Integer"} as the fixture's serialized_data array; 42 is the bytes 52,50. */
  private static final String CAPTURED_ARRAY = "[123,34,100,97,116,97,34,58,52,50,44,";

  private static String fixtureText() {
    return new String(Resources.bytes(FIXTURE), StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("the shared completed-flow fixture verifies: its one captured snapshot is OK")
  void verify_sharedFixture_capturedSnapshotIsOk() {
    IntegrityReport report = TraceIntegrity.verify(TraceJson.read(Resources.bytes(FIXTURE)));

    assertThat(report.traceId()).isEqualTo(TRACE);
    assertThat(report.checks()).singleElement().satisfies(c -> {
      assertThat(c.status()).isEqualTo(Status.OK);
      assertThat(c.eventId()).isEqualTo(CAPTURED_EVENT);
      assertThat(c.eventIndex()).isEqualTo(2);
      assertThat(c.messageType()).isEqualTo("Integer");
      assertThat(c.expected()).isEqualTo(INTEGER_CHECKSUM);
      assertThat(c.actual()).isEqualTo(INTEGER_CHECKSUM);
      assertThat(c.detail()).isEmpty();
    });
    assertThat(report.snapshotsWithoutContent()).as("the DataFlow snapshot carries only a checksum").isEqualTo(1);
    assertThat(report.isValid()).isTrue();
    assertThat(report.isFullyVerified()).isTrue();
    assertThat(report.summary()).isEqualTo("Trace " + TRACE + ": OK: 1 captured snapshot checked: 1 OK; "
        + "1 snapshot without captured content");
  }

  @Test
  @DisplayName("tampered content (42 -> 43) is a MISMATCH naming trace, event and both checksums")
  void verify_tamperedContent_reportsMismatch() {
    String text = fixtureText();
    assertThat(text).contains(CAPTURED_ARRAY);
    String tampered = text.replace(CAPTURED_ARRAY, "[123,34,100,97,116,97,34,58,52,51,44,");

    IntegrityReport report = TraceIntegrity.verify(TraceJson.read(tampered));

    String actual = Checksums.contentChecksum("{\"data\":43,\"type\":\"Integer\"}");
    assertThat(report.isValid()).isFalse();
    assertThat(report.failures()).singleElement().satisfies(c -> {
      assertThat(c.status()).isEqualTo(Status.MISMATCH);
      assertThat(c.traceId()).isEqualTo(TRACE);
      assertThat(c.eventId()).isEqualTo(CAPTURED_EVENT);
      assertThat(c.expected()).isEqualTo(INTEGER_CHECKSUM);
      assertThat(c.actual()).isEqualTo(actual);
    });
    assertThat(report.summary())
        .startsWith("Trace " + TRACE + ": INVALID: 1 captured snapshot checked: 1 MISMATCH;")
        .contains("MISMATCH event " + CAPTURED_EVENT + " (#2, Integer): expected " + INTEGER_CHECKSUM
            + ", actual " + actual);
  }

  @Test
  @DisplayName("a tampered stored checksum is a MISMATCH too")
  void verify_tamperedChecksum_reportsMismatch() {
    String wrong = "sha256:" + "0".repeat(64);
    String tampered = fixtureText().replace(INTEGER_CHECKSUM, wrong);

    IntegrityReport report = TraceIntegrity.verify(TraceJson.read(tampered));

    assertThat(report.checks()).singleElement().satisfies(c -> {
      assertThat(c.status()).isEqualTo(Status.MISMATCH);
      assertThat(c.expected()).isEqualTo(wrong);
      assertThat(c.actual()).isEqualTo(INTEGER_CHECKSUM);
    });
  }

  @Test
  @DisplayName("an unknown content codec is reported as UNKNOWN_CODEC, not decoded by guesswork")
  void verify_unknownCodec_reportedNotGuessed() {
    FlowTrace trace = withCapturedSnapshot(s -> new MessageSnapshot(s.messageType(), s.sizeBytes(), s.checksum(),
        s.serializedData(), "zstd", s.contentFormatVersion(), s.storedBytes()));

    IntegrityReport report = TraceIntegrity.verify(trace);

    assertThat(report.checks()).singleElement().satisfies(c -> {
      assertThat(c.status()).isEqualTo(Status.UNKNOWN_CODEC);
      assertThat(c.actual()).isNull();
      assertThat(c.detail()).isEqualTo("content_codec \"zstd\" is not known; known: [none]");
    });
    assertThat(report.isValid()).as("nothing contradicts the checksum").isTrue();
    assertThat(report.isFullyVerified()).isFalse();
    assertThat(report.summary()).contains("OK (not fully verified)").contains("UNKNOWN_CODEC event " + CAPTURED_EVENT);
  }

  @Test
  @DisplayName("a content_format_version newer than 1 is reported as UNKNOWN_CODEC")
  void verify_newerFormatVersion_reportedNotGuessed() {
    FlowTrace trace = withCapturedSnapshot(s -> new MessageSnapshot(s.messageType(), s.sizeBytes(), s.checksum(),
        s.serializedData(), s.contentCodec(), 2, s.storedBytes()));

    assertThat(TraceIntegrity.verify(trace).checks()).singleElement()
        .satisfies(c -> assertThat(c.status()).isEqualTo(Status.UNKNOWN_CODEC));
  }

  @Test
  @DisplayName("captured content without a checksum is NO_CHECKSUM")
  void verify_emptyChecksum_reportsNoChecksum() {
    FlowTrace trace = withCapturedSnapshot(s -> new MessageSnapshot(s.messageType(), s.sizeBytes(), "",
        s.serializedData(), s.contentCodec(), s.contentFormatVersion(), s.storedBytes()));

    IntegrityReport report = TraceIntegrity.verify(trace);

    assertThat(report.checks()).singleElement().satisfies(c -> assertThat(c.status()).isEqualTo(Status.NO_CHECKSUM));
    assertThat(report.isValid()).isTrue();
    assertThat(report.isFullyVerified()).isFalse();
  }

  @Test
  @DisplayName("a checksum with another algorithm prefix is UNKNOWN_ALGORITHM")
  void verify_otherAlgorithm_reportsUnknownAlgorithm() {
    FlowTrace trace = withCapturedSnapshot(s -> new MessageSnapshot(s.messageType(), s.sizeBytes(),
        "blake3:abcd", s.serializedData(), s.contentCodec(), s.contentFormatVersion(), s.storedBytes()));

    assertThat(TraceIntegrity.verify(trace).checks()).singleElement().satisfies(c -> {
      assertThat(c.status()).isEqualTo(Status.UNKNOWN_ALGORITHM);
      assertThat(c.detail()).contains("\"blake3\"");
    });
  }

  @Test
  @DisplayName("content that is not JSON is INVALID_CONTENT and makes the report invalid")
  void verify_contentNotJson_reportsInvalidContent() {
    FlowTrace trace = withCapturedSnapshot(s -> new MessageSnapshot(s.messageType(), s.sizeBytes(), s.checksum(),
        "{\"data\":42,".getBytes(StandardCharsets.UTF_8), s.contentCodec(), s.contentFormatVersion(), 11L));

    IntegrityReport report = TraceIntegrity.verify(trace);

    assertThat(report.checks()).singleElement().satisfies(c -> {
      assertThat(c.status()).isEqualTo(Status.INVALID_CONTENT);
      assertThat(c.detail()).startsWith("content is not valid JSON");
    });
    assertThat(report.isValid()).isFalse();
  }

  @Test
  @DisplayName("same value in non-canonical bytes still verifies, with a note that it was re-encoded")
  void verify_nonCanonicalContent_okWithNote() {
    byte[] reordered = "{ \"type\": \"Integer\", \"data\": 42 }".getBytes(StandardCharsets.UTF_8);
    FlowTrace trace = withCapturedSnapshot(s -> new MessageSnapshot(s.messageType(), s.sizeBytes(), s.checksum(),
        reordered, s.contentCodec(), s.contentFormatVersion(), (long) reordered.length));

    assertThat(TraceIntegrity.verify(trace).checks()).singleElement().satisfies(c -> {
      assertThat(c.status()).isEqualTo(Status.OK);
      assertThat(c.detail()).isEqualTo("content is not stored in canonical form");
    });
  }

  @Test
  @DisplayName("a size_bytes that is not the canonical length is noted on an OK check")
  void verify_wrongSizeBytes_okWithNote() {
    FlowTrace trace = withCapturedSnapshot(s -> new MessageSnapshot(s.messageType(), 99, s.checksum(),
        s.serializedData(), s.contentCodec(), s.contentFormatVersion(), s.storedBytes()));

    assertThat(TraceIntegrity.verify(trace).checks()).singleElement().satisfies(c -> {
      assertThat(c.status()).isEqualTo(Status.OK);
      assertThat(c.detail()).isEqualTo("size_bytes 99 differs from the canonical length 28");
    });
  }

  @Test
  @DisplayName("a trace without snapshots is valid with nothing to check")
  void verify_minimalTrace_nothingToCheck() {
    IntegrityReport report = TraceIntegrity.verify(TraceJson.read(Resources.bytes("fixtures/minimal-flow.json")));

    assertThat(report.checks()).isEmpty();
    assertThat(report.snapshotsWithoutContent()).isZero();
    assertThat(report.isValid()).isTrue();
    assertThat(report.summary()).endsWith(": OK: 0 captured snapshots checked; 0 snapshots without captured content");
  }

  @Test
  @DisplayName("snapshots captured by Reflow's rules (canonical bytes + their checksum) always verify")
  void verify_snapshotsCapturedLikeReflow_allOk() {
    FlowTrace base = TraceJson.read(Resources.bytes(FIXTURE));
    String[] contents = {"{\"type\":\"Float\",\"data\":1e16}", "{\"type\":\"Flow\"}", "null",
        "{\"type\":\"Object\",\"data\":{\"\uD83D\uDE02\":1,\"\uFB33\":2,\"big\":18446744073709551615,\"f\":-0.0}}"};
    List<TraceEvent> events = new ArrayList<>(base.events());
    for (String content : contents) {
      byte[] canonical = Checksums.reflow().canonicalize(content);
      MessageSnapshot s = new MessageSnapshot("T", canonical.length, CanonicalForm.digest(canonical), canonical,
          "none", 1, (long) canonical.length);
      events.add(withSnapshot(base.events().get(2), EventId.random(), s));
    }

    IntegrityReport report = TraceIntegrity.verify(base.withEvents(events));

    assertThat(report.checks()).hasSize(1 + contents.length)
        .allSatisfy(c -> assertThat(c.status()).as(c.describe()).isEqualTo(Status.OK));
  }

  private static FlowTrace withCapturedSnapshot(java.util.function.UnaryOperator<MessageSnapshot> change) {
    FlowTrace base = TraceJson.read(Resources.bytes(FIXTURE));
    List<TraceEvent> events = new ArrayList<>(base.events());
    TraceEvent captured = events.get(2);
    events.set(2, withSnapshot(captured, captured.eventId(), change.apply(captured.data().message())));
    return base.withEvents(events);
  }

  private static TraceEvent withSnapshot(TraceEvent e, EventId id, MessageSnapshot s) {
    TraceEventData d = e.data();
    return new TraceEvent(id, e.timestamp(), e.eventType(), e.actorId(),
        new TraceEventData(d.port(), s, d.stateDiff(), d.error(), d.performanceMetrics(), d.customAttributes()),
        e.causality());
  }
}
