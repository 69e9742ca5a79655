package dev.reflow.trace.collector.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflow.trace.collector.CollectorConfig;
import dev.reflow.trace.collector.protocol.ErrorCode;
import dev.reflow.trace.collector.protocol.Reply;
import dev.reflow.trace.collector.protocol.Request;
import dev.reflow.trace.collector.protocol.RequestDecoder;
import dev.reflow.trace.model.ExecutionStatus;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.TraceEvent;
import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.TraceStorages;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine keeps in-flight events decoded (so a trace is parsed once, on arrival): the memory
 * bound counts each at {@link InFlightTrace#cost}, the stored trace holds exactly the events
 * received, and a journal compaction (which writes the decoded events back as JSON) replays to the
 * same events.
 */
class DecodedEventsTest {
  private static final String VERSION =
      "{\"major\":1,\"minor\":0,\"patch\":0,\"git_hash\":null,\"timestamp\":\"2026-06-01T10:00:00Z\"}";

  @TempDir
  Path dir;
  private final ExecutorService executor = Executors.newSingleThreadExecutor();
  private final TraceStorage storage = TraceStorages.open(StorageConfig.fromMap(Map.of("storage.backend", "memory")));
  private final Session session = new Session() {
    @Override
    void push(byte[] json) {}

    @Override
    String remote() {
      return "test";
    }
  };

  @AfterEach
  void close() throws InterruptedException {
    executor.shutdown();
    executor.awaitTermination(5, TimeUnit.SECONDS);
    storage.close();
  }

  @Test
  @DisplayName("max_in_flight_bytes counts decoded events at their estimated heap: refuses past it, releases once stored")
  void memoryBound_countsDecodedEvents() throws Exception {
    String id = UUID.randomUUID().toString();
    List<Request.RecordEvent> events = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      events.add((Request.RecordEvent) RequestDecoder.decode(record(id, "actor-" + i)));
    }
    long first = InFlightTrace.cost(events.get(0).event());
    long second = InFlightTrace.cost(events.get(1).event());
    assertThat(first).as("a decoded event costs more than its JSON").isGreaterThan(events.get(0).eventJson().length);
    long limit = InFlightTrace.BASE_BYTES + first + second + InFlightTrace.cost(events.get(2).event()) - 1;
    CollectorMetrics metrics = new CollectorMetrics();
    try (TraceAggregator engine = engine(limit, Journal.OFF, metrics)) {
      assertThat(handle(engine, start(id))).isInstanceOf(Reply.TraceStarted.class);
      assertThat(handle(engine, events.get(0))).isEqualTo(Reply.EventRecorded.OK);
      assertThat(handle(engine, events.get(1))).isEqualTo(Reply.EventRecorded.OK);
      assertThat(metrics.inFlightBytes.get()).isEqualTo(InFlightTrace.BASE_BYTES + first + second);
      Reply refused = handle(engine, events.get(2));
      assertThat(refused).isInstanceOfSatisfying(Reply.Error.class, e -> {
        assertThat(e.code()).isEqualTo(ErrorCode.InternalError);
        assertThat(e.message()).contains("server.max_in_flight_bytes=" + limit);
      });
      assertThat(metrics.inFlightBytes.get()).as("a refusal reserves nothing")
          .isEqualTo(InFlightTrace.BASE_BYTES + first + second);
      assertThat(handle(engine, RequestDecoder.decode(end(id)))).isEqualTo(Reply.EventRecorded.OK);
      FlowTrace stored = awaitStored(id);
      assertThat(stored.events()).containsExactly(events.get(0).event(), events.get(1).event());
      awaitReleased(metrics);
    }
  }

  @Test
  @DisplayName("A compaction writes the decoded events back as JSON; replay restores the same events in order")
  void compaction_thenReplay_restoresSameEvents() throws Exception {
    String id = UUID.randomUUID().toString();
    List<Request.RecordEvent> events = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      events.add((Request.RecordEvent) RequestDecoder.decode(record(id, "actor-" + i)));
    }
    Path journalDir = dir.resolve("journal");
    FileJournal.Opened opened = FileJournal.open(journalDir, 1); // every segment wants compaction
    try (TraceAggregator engine = engine(1L << 20, opened.journal(), new CollectorMetrics())) {
      handle(engine, start(id));
      handle(engine, events.get(0));
      handle(engine, events.get(1));
      engine.maybeCompact(); // the snapshot holds events 0 and 1, decoded
      handle(engine, events.get(2));
      handle(engine, events.get(3));
      engine.beginShutdown(); // stopping keeps the trace in flight (and in the journal)
    }
    opened.journal().close();
    List<String> segments;
    try (var s = java.nio.file.Files.list(journalDir)) {
      segments = s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("segment-")).toList();
    }
    assertThat(segments).as("the compaction replaced the first segment").doesNotContain("segment-000000000001.log");

    FileJournal.Opened reopened = FileJournal.open(journalDir, 64L << 20);
    try (TraceAggregator engine = engine(1L << 20, reopened.journal(), new CollectorMetrics())) {
      engine.restore(reopened.liveState());
      FlowTrace back = engine.liveGet(TraceId.parse(id)).orElseThrow();
      assertThat(back.events()).containsExactly(events.stream().map(Request.RecordEvent::event).toArray(TraceEvent[]::new));
      engine.beginShutdown();
    } finally {
      reopened.journal().close();
    }
  }

  private TraceAggregator engine(long maxInFlightBytes, Journal journal, CollectorMetrics metrics) {
    CollectorConfig config = CollectorConfig.builder().maxInFlightBytes(maxInFlightBytes).journal(journal.enabled())
        .build();
    return new TraceAggregator(config, storage, journal, metrics, executor, List.of());
  }

  private Reply handle(TraceAggregator engine, Request r) throws Exception {
    return engine.handle(session, r).get(10, TimeUnit.SECONDS);
  }

  private Reply handle(TraceAggregator engine, String json) throws Exception {
    return handle(engine, RequestDecoder.decode(json));
  }

  private FlowTrace awaitStored(String id) throws InterruptedException {
    for (int i = 0; i < 500; i++) {
      var t = storage.get(TraceId.parse(id));
      if (t.isPresent() && t.get().status() == ExecutionStatus.COMPLETED) {
        return t.get();
      }
      Thread.sleep(20);
    }
    throw new AssertionError("trace " + id + " was not stored within 10 s");
  }

  private static void awaitReleased(CollectorMetrics metrics) throws InterruptedException {
    for (int i = 0; i < 500 && metrics.inFlightBytes.get() != 0; i++) {
      Thread.sleep(20);
    }
    assertThat(metrics.inFlightBytes.get()).as("memory released once stored").isZero();
  }

  private static String start(String id) {
    return "{\"StartTrace\":{\"trace_id\":\"" + id + "\",\"flow_id\":\"f\",\"version\":" + VERSION + "}}";
  }

  private static String end(String id) {
    return "{\"EndTrace\":{\"trace_id\":\"" + id + "\",\"status\":\"Completed\"}}";
  }

  /** A RecordEvent in serde's canonical form, with a message and attributes so events differ in size. */
  private static String record(String id, String actor) {
    String event = "{\"event_id\":\"" + UUID.randomUUID() + "\",\"timestamp\":\"2026-06-01T10:00:01.5Z\","
        + "\"event_type\":\"MessageSent\",\"actor_id\":\"" + actor + "\",\"data\":{\"port\":\"out\",\"message\":"
        + "{\"message_type\":\"Integer\",\"size_bytes\":3,\"checksum\":\"sha256:00\",\"serialized_data\":[1,2,3],"
        + "\"content_codec\":\"none\",\"content_format_version\":1,\"stored_bytes\":null},\"state_diff\":null,"
        + "\"error\":null,\"performance_metrics\":{\"execution_time_ns\":48000,\"memory_usage_bytes\":null,"
        + "\"cpu_usage_percent\":null,\"queue_depth\":3,\"throughput_msgs_per_sec\":null},"
        + "\"custom_attributes\":{\"attempt\":1,\"note\":\"" + actor + "\"}},\"causality\":{\"parent_event_id\":null,"
        + "\"root_cause_event_id\":\"" + UUID.randomUUID() + "\",\"dependency_chain\":[],\"span_id\":\"s\"}}";
    return "{\"RecordEvent\":{\"trace_id\":\"" + id + "\",\"event\":" + event + "}}";
  }
}
