package dev.reflow.trace.storage.mongodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.model.Filters;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.MessageSnapshot;
import dev.reflow.trace.model.PerformanceMetrics;
import dev.reflow.trace.model.Timestamp;
import dev.reflow.trace.model.TraceEventData;
import dev.reflow.trace.model.TraceEventType;
import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.storage.StorageClosedException;
import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.StorageConfigurationException;
import dev.reflow.trace.storage.StorageConnectionException;
import dev.reflow.trace.storage.StorageStats;
import dev.reflow.trace.storage.TraceQuery;
import dev.reflow.trace.storage.TraceQueryException;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.TraceWriteException;
import dev.reflow.trace.storage.mongodb.internal.MongoIndexes;
import dev.reflow.trace.storage.spi.TraceStorageProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** MongoDB-specific behaviour: the document model, indexes, TTL, size limits, injection. */
class MongoStorageBehaviourTest {
  private static final Timestamp T0 = Timestamp.parse("2026-03-14T09:00:00Z");

  private StorageConfig config;
  private TraceStorage storage;

  @BeforeEach
  void open() {
    config = MongoTestServer.freshConfig();
    storage = open(config);
  }

  @AfterEach
  void close() {
    storage.close();
  }

  private static TraceStorage open(StorageConfig config) {
    return new MongoStorageProvider().create(config);
  }

  @Test
  @DisplayName("The provider is found by ServiceLoader under the name mongodb")
  void provider_isRegistered() {
    List<String> names = ServiceLoader.load(TraceStorageProvider.class).stream()
        .map(p -> p.get().name()).collect(Collectors.toList());
    assertThat(names).contains("mongodb");
    assertThat(storage.backendName()).isEqualTo("mongodb");
  }

  @Test
  @DisplayName("A trace with every hard case round-trips; NaN metrics come back as null")
  void store_richTrace_getReturnsSameTrace() {
    FlowTrace trace = MongoTestTraces.rich();
    storage.store(trace);

    assertThat(storage.get(trace.traceId())).as("stored rich trace").contains(MongoTestTraces.normalized(trace));
    assertThat(dev.reflow.trace.json.TraceJson.write(storage.get(trace.traceId()).orElseThrow()))
        .as("Reflow JSON of the trace read back").isEqualTo(dev.reflow.trace.json.TraceJson.write(trace));
    assertThat(storage.query(TraceQuery.all())).containsExactly(MongoTestTraces.normalized(trace));
  }

  @Test
  @DisplayName("The stored document is readable: string _id, filter fields, nested trace")
  void store_trace_documentIsReadable() {
    FlowTrace trace = MongoTestTraces.rich();
    storage.store(trace);

    Document doc = MongoTestServer.collection(config).withDocumentClass(Document.class).find().first();
    assertThat(doc).isNotNull();
    assertThat(doc.get("_id")).isEqualTo("36404882-85bd-4206-817e-b217fb4f7500");
    assertThat(doc.get("flow_id")).isEqualTo("order.ingest$pipeline");
    assertThat(doc.get("status")).isEqualTo("Failed");
    assertThat(doc.get("start_time")).isEqualTo(java.util.Date.from(Instant.parse("2026-03-14T09:26:53.602Z")));
    assertThat(doc.get("start_us")).isEqualTo(trace.startTime().epochMicros());
    assertThat(doc.get("event_count")).isEqualTo(6);
    Document nested = doc.get("trace", Document.class);
    assertThat(nested.get("flow_id")).isEqualTo("order.ingest$pipeline");
    assertThat(nested.get("status", Document.class).get("Failed", Document.class).get("error")).isEqualTo("boom\u0000with nul");
    assertThat(nested.getList("events", Document.class).get(1).get("timestamp")).isEqualTo("2026-03-14T09:26:53.591Z");
  }

  @Test
  @DisplayName("Every filter has an index followed by the sort order, and the sort has its own")
  void open_createsQueryIndexes() {
    List<String> names = indexes(config).stream().map(d -> d.getString("name")).collect(Collectors.toList());
    assertThat(names).contains("start_us_-1__id_1", "flow_id_1_start_us_-1__id_1", "execution_id_1_start_us_-1__id_1",
        "status_1_start_us_-1__id_1", "actors_1_start_us_-1__id_1");
    assertThat(names).doesNotContain(MongoIndexes.TTL_INDEX);
  }

  @Test
  @DisplayName("ttl creates a TTL index on start_time, a new value changes it, and no value drops it")
  void open_withTtl_managesTtlIndex() {
    StorageConfig base = MongoTestServer.config(MongoTestServer.freshCollection());
    try (TraceStorage s = open(base.with("storage.mongodb.ttl", "30d"))) {
      assertThat(ttlSeconds(base)).as("expireAfterSeconds for 30d").isEqualTo(2_592_000L);
      assertThat(ttlIndex(base).get("key", Document.class)).isEqualTo(new Document("start_time", 1));
    }
    try (TraceStorage s = open(base.with("storage.mongodb.ttl", "1h"))) {
      assertThat(ttlSeconds(base)).as("expireAfterSeconds for 1h").isEqualTo(3600L);
    }
    try (TraceStorage s = open(base)) {
      assertThat(ttlIndex(base)).as("TTL index after ttl was unset").isNull();
    }
  }

  @Test
  @DisplayName("The TTL index expires old traces (only where the server runs MongoDB's TTL monitor)")
  void ttl_expiresOldTraces() throws InterruptedException {
    MongoTestServer.Server server = MongoTestServer.get();
    String reason = "TTL expiry not checked on " + server.kind()
        + ": it does not run MongoDB's TTL monitor (the index's presence is checked by open_withTtl_managesTtlIndex)";
    if (!server.expiresTtl()) {
      System.out.println("[mongodb tests] skipped: " + reason);
    }
    Assumptions.assumeTrue(server.expiresTtl(), reason);
    try (TraceStorage s = open(MongoTestServer.freshConfig().with("storage.mongodb.ttl", "1s"))) {
      FlowTrace old = MongoTestTraces.minimal(TraceId.random(), "old", Timestamp.of(Instant.now().minus(Duration.ofDays(1))));
      FlowTrace fresh = MongoTestTraces.minimal(TraceId.random(), "fresh", Timestamp.of(Instant.now().plus(Duration.ofDays(1))));
      s.storeAll(List.of(old, fresh));
      // The TTL monitor runs every 60 seconds.
      long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
      while (s.get(old.traceId()).isPresent() && System.nanoTime() < deadline) {
        Thread.sleep(2000);
      }
      assertThat(s.get(old.traceId())).as("trace started a day ago, ttl 1s").isEmpty();
      assertThat(s.get(fresh.traceId())).as("trace starting tomorrow").isPresent();
    }
  }

  @Test
  @DisplayName("A trace over 16 MB readable is stored compressed and reads back the same")
  void store_traceOverDocumentLimit_isStoredCompressed() {
    FlowTrace big = withPayload(TraceId.random(), compressible(20 * 1024 * 1024));
    storage.store(big);

    BsonDocument doc = MongoTestServer.collection(config).find().first();
    assertThat(doc.getString("trace_codec").getValue()).isEqualTo("zstd+bson");
    assertThat(doc.getInt64("size").getValue()).as("readable size").isGreaterThan(16L * 1024 * 1024);
    assertThat(storage.get(big.traceId())).contains(big);
    assertThat(storage.query(TraceQuery.builder().actorFilter("blob").build())).containsExactly(big);
  }

  @Test
  @DisplayName("A damaged stored document fails get, query and stream with a typed error naming the trace and field; other traces still read")
  void get_damagedDocument_typedErrorNamingTraceAndField() {
    FlowTrace good = MongoTestTraces.minimal(TraceId.parse("00000000-0000-4000-8000-000000000001"), "f", T0);
    FlowTrace bad = MongoTestTraces.withActors(TraceId.parse("00000000-0000-4000-8000-000000000002"), "f",
        Timestamp.parse("2026-03-14T09:00:01Z"), "reader");
    storage.storeAll(List.of(good, bad));
    MongoTestServer.collection(config).updateOne(Filters.eq("_id", bad.traceId().toString()),
        new BsonDocument("$set", new BsonDocument("trace.events.0.timestamp", new org.bson.BsonString("yesterday"))));
    String expected = "Stored trace 00000000-0000-4000-8000-000000000002 in " + MongoTestServer.database() + "."
        + MongoSettings.from(config).collectionName()
        + " cannot be read: trace.events[0].timestamp: expected an RFC 3339 timestamp, got \"yesterday\"";

    assertThatThrownBy(() -> storage.get(bad.traceId())).isInstanceOf(TraceQueryException.class).hasMessage(expected);
    assertThatThrownBy(() -> storage.query(TraceQuery.builder().build())).isInstanceOf(TraceQueryException.class)
        .hasMessage(expected);
    try (var stream = storage.stream(TraceQuery.builder().build())) {
      assertThatThrownBy(() -> stream.toList()).isInstanceOf(TraceQueryException.class).hasMessage(expected);
    }
    assertThat(storage.get(good.traceId())).as("a good trace after the failures").contains(good);
    assertThat(storage.query(TraceQuery.builder().flowId("f").limit(1).offset(1).build())).containsExactly(good);
  }

  @Test
  @DisplayName("A trace too large even compressed fails naming sizes and limit, and nothing of the batch is written")
  void storeAll_traceTooLargeEvenCompressed_writesNothing() {
    FlowTrace small = MongoTestTraces.minimal(TraceId.random(), "small", T0);
    FlowTrace huge = withPayload(TraceId.parse("00000000-0000-4000-8000-00000000beef"), random(17 * 1024 * 1024));

    assertThatThrownBy(() -> storage.storeAll(List.of(small, huge)))
        .isInstanceOf(TraceWriteException.class)
        .hasMessageContaining("element 1")
        .hasMessageContaining("00000000-0000-4000-8000-00000000beef")
        .hasMessageContaining("limit (maxBsonObjectSize) is 16777216 bytes")
        .hasMessageContaining("Nothing was written");
    assertThatThrownBy(() -> storage.store(huge)).isInstanceOf(TraceWriteException.class);
    assertThat(MongoTestServer.collection(config).countDocuments()).as("documents after failed writes").isZero();
  }

  @Test
  @DisplayName("A null element fails storeAll before anything is written")
  void storeAll_nullElement_writesNothing() {
    List<FlowTrace> batch = new ArrayList<>();
    batch.add(MongoTestTraces.minimal(TraceId.random(), "a", T0));
    batch.add(null);
    assertThatThrownBy(() -> storage.storeAll(batch)).isExactlyInstanceOf(NullPointerException.class)
        .hasMessage("traces[1] is null; nothing of this batch was stored");
    assertThat(MongoTestServer.collection(config).countDocuments()).isZero();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {".*", "$where", "{\"$gt\":\"\"}", "^", "a|b", "\\", "(", "[", "this.actor", "nul\u0000x"})
  @DisplayName("Injection attempts as actor or flow text match only traces containing them literally")
  void query_metacharacterText_matchesLiterally(String text) {
    FlowTrace literal = MongoTestTraces.withActors(TraceId.parse("00000000-0000-4000-8000-000000000001"), text, T0,
        "pre" + text + "post");
    FlowTrace other = MongoTestTraces.withActors(TraceId.parse("00000000-0000-4000-8000-000000000002"), "plain", T0,
        "ordinary", "a", "b", "this-actor", "nulx");
    storage.storeAll(List.of(literal, other));

    assertThat(storage.query(TraceQuery.builder().actorFilter(text).build())).as("actor filter %s", text)
        .containsExactly(literal);
    assertThat(storage.query(TraceQuery.builder().flowId(text).build())).as("flow filter %s", text)
        .containsExactly(literal);
  }

  @Test
  @DisplayName("Actor filter is case-sensitive and matches substrings of any event's actor")
  void query_actorFilter_caseSensitiveSubstring() {
    FlowTrace upper = MongoTestTraces.withActors(TraceId.random(), "f", T0, "first", "HTTP.Client");
    FlowTrace lower = MongoTestTraces.withActors(TraceId.random(), "f", T0, "http.client");
    FlowTrace none = MongoTestTraces.minimal(TraceId.random(), "f", T0);
    storage.storeAll(List.of(upper, lower, none));

    assertThat(storage.query(TraceQuery.builder().actorFilter("P.C").build())).containsExactly(upper);
    assertThat(storage.query(TraceQuery.builder().actorFilter("").build())).as("empty text matches traces with events")
        .containsExactlyInAnyOrderElementsOf(List.of(upper, lower));
  }

  @Test
  @DisplayName("Order is start time (microseconds) descending, then trace id in unsigned byte order")
  void query_sameMicrosecond_ordersByUnsignedId() {
    Timestamp a = Timestamp.parse("2026-03-14T09:00:00.000001001Z");
    Timestamp b = Timestamp.parse("2026-03-14T09:00:00.000001999Z"); // same microsecond as a
    FlowTrace high = MongoTestTraces.minimal(TraceId.parse("80000000-0000-4000-8000-000000000000"), "f", a);
    FlowTrace low = MongoTestTraces.minimal(TraceId.parse("7fffffff-ffff-4fff-bfff-ffffffffffff"), "f", b);
    FlowTrace newer = MongoTestTraces.minimal(TraceId.parse("ffffffff-0000-4000-8000-000000000000"), "f",
        Timestamp.parse("2026-03-14T09:00:00.000002Z"));
    storage.storeAll(List.of(high, newer, low));

    List<FlowTrace> all = storage.query(TraceQuery.all());
    assertThat(all).containsExactly(newer, low, high);
    assertThat(storage.query(TraceQuery.builder().offset(1).limit(1).build())).containsExactly(low);
    assertThat(storage.query(TraceQuery.builder().limit(0).build())).as("limit 0").isEmpty();
    assertThat(storage.query(TraceQuery.builder().offset(5).build())).as("offset past the end").isEmpty();
  }

  @Test
  @DisplayName("Filters combine: flow, execution, status kind, inclusive microsecond time range")
  void query_filters_combine() {
    FlowTrace failed = MongoTestTraces.minimal(TraceId.random(), "orders", T0)
        .withStatus(dev.reflow.trace.model.ExecutionStatus.failed("x"), T0);
    FlowTrace running = MongoTestTraces.minimal(TraceId.random(), "orders", Timestamp.parse("2026-03-14T10:00:00.000000999Z"));
    FlowTrace otherFlow = MongoTestTraces.minimal(TraceId.random(), "billing", T0);
    storage.storeAll(List.of(failed, running, otherFlow));

    assertThat(storage.query(TraceQuery.builder().flowId("orders").status(dev.reflow.trace.model.ExecutionStatus.Kind.FAILED).build()))
        .containsExactly(failed);
    assertThat(storage.query(TraceQuery.builder().executionId(running.executionId()).build())).containsExactly(running);
    assertThat(storage.query(TraceQuery.builder()
        .timeRange(Instant.parse("2026-03-14T10:00:00Z"), Instant.parse("2026-03-14T10:00:00Z")).build()))
        .as("inclusive range at microsecond precision").containsExactly(running);
    assertThat(storage.query(TraceQuery.builder().flowId("Orders").build())).as("flow ids are case-sensitive").isEmpty();
  }

  @Test
  @DisplayName("Store replaces by id (also when the start time changes); delete and deleteOlderThan remove")
  void store_replaceDeleteRetention() {
    TraceId id = TraceId.random();
    storage.store(MongoTestTraces.minimal(id, "f", T0));
    FlowTrace moved = MongoTestTraces.minimal(id, "g", Timestamp.parse("2026-03-15T00:00:00Z"));
    storage.storeAll(List.of(MongoTestTraces.minimal(id, "h", T0), moved));
    assertThat(storage.query(TraceQuery.all())).containsExactly(moved);

    FlowTrace old = MongoTestTraces.minimal(TraceId.random(), "f", Timestamp.parse("2026-03-14T08:59:59.999999999Z"));
    FlowTrace atCutoff = MongoTestTraces.minimal(TraceId.random(), "f", Timestamp.parse("2026-03-14T09:00:00.000000500Z"));
    storage.storeAll(List.of(old, atCutoff));
    assertThat(storage.deleteOlderThan(Instant.parse("2026-03-14T09:00:00Z"))).isEqualTo(1);
    assertThat(storage.get(old.traceId())).isEmpty();
    assertThat(storage.get(atCutoff.traceId())).isPresent();
    assertThat(storage.delete(id)).isTrue();
    assertThat(storage.delete(id)).isFalse();
  }

  @Test
  @DisplayName("stats counts traces and events and reports the oldest and newest start times")
  void stats_countsAndRange() {
    assertThat(storage.stats().totalTraces()).isZero();
    storage.storeAll(List.of(
        MongoTestTraces.withActors(TraceId.random(), "f", T0, "a", "b", "a"),
        MongoTestTraces.withActors(TraceId.random(), "f", Timestamp.parse("2026-03-15T00:00:00.123456Z"), "c")));
    StorageStats stats = storage.stats();
    assertThat(stats.totalTraces()).isEqualTo(2);
    assertThat(stats.totalEvents()).isEqualTo(4);
    assertThat(stats.storageSizeBytes()).isPositive();
    assertThat(stats.oldestTraceTimestamp()).isEqualTo(Instant.parse("2026-03-14T09:00:00Z"));
    assertThat(stats.newestTraceTimestamp()).isEqualTo(Instant.parse("2026-03-15T00:00:00.123456Z"));
    assertThat(stats.details()).containsEntry("collection", MongoSettings.from(config).collectionName());
  }

  @Test
  @DisplayName("A closed storage refuses calls; close is idempotent")
  void close_thenCall_fails() {
    storage.close();
    storage.close();
    assertThatThrownBy(() -> storage.get(TraceId.random())).isInstanceOf(StorageClosedException.class);
    assertThatThrownBy(() -> storage.store(MongoTestTraces.minimal(TraceId.random(), "f", T0)))
        .isInstanceOf(StorageClosedException.class);
  }

  @Test
  @DisplayName("Configuration errors name the key; credentials never appear")
  void create_badConfig_failsClearly() {
    StorageConfig base = StorageConfig.empty().with("storage.backend", "mongodb");
    assertThatThrownBy(() -> open(base)).isInstanceOf(StorageConfigurationException.class)
        .hasMessageContaining("storage.mongodb.connection_url")
        .hasMessageContaining("STORAGE_MONGODB_CONNECTION_URL");
    assertThatThrownBy(() -> open(base.with("storage.mongodb.connection_url", "postgres://bob:hunter2@db")))
        .isInstanceOf(StorageConfigurationException.class)
        .hasMessageContaining("bob:****@db")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> open(MongoTestServer.freshConfig().with("storage.mongodb.ttl", "soon")))
        .isInstanceOf(StorageConfigurationException.class).hasMessageContaining("storage.mongodb.ttl=soon");
    assertThatThrownBy(() -> open(MongoTestServer.freshConfig().with("storage.mongodb.database_name", "a.b")))
        .isInstanceOf(StorageConfigurationException.class).hasMessageContaining("storage.mongodb.database_name=a.b");
  }

  @Test
  @DisplayName("An unreachable server fails with a connection error that hides the password")
  void create_unreachableServer_failsWithRedactedMessage() throws Exception {
    int port;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    StorageConfig config = MongoTestServer.freshConfig()
        .with("storage.mongodb.connection_url", "mongodb://bob:hunter2@127.0.0.1:" + port + "/?authSource=admin")
        .with("storage.mongodb.connect_timeout", "500ms");
    assertThatThrownBy(() -> open(config))
        .isInstanceOf(StorageConnectionException.class)
        .hasMessageContaining("Could not connect to MongoDB at mongodb://bob:****@127.0.0.1:" + port)
        .hasMessageNotContaining("hunter2")
        .satisfies(e -> {
          for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            assertThat(String.valueOf(c.getMessage())).as("cause message").doesNotContain("hunter2");
          }
        });
  }

  // ---- helpers ----------------------------------------------------------------------------------

  private static FlowTrace withPayload(TraceId id, byte[] payload) {
    MessageSnapshot snapshot = new MessageSnapshot("Blob", payload.length, "", payload, "none", 1, (long) payload.length);
    TraceEventData data = new TraceEventData("out", snapshot, null, null, PerformanceMetrics.UNMEASURED, Map.of());
    return MongoTestTraces.minimal(id, "big", T0)
        .withEvents(List.of(MongoTestTraces.event("blob.actor", TraceEventType.Simple.MESSAGE_SENT, data)));
  }

  private static byte[] compressible(int size) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = (byte) ((i / 64) % 5);
    }
    return b;
  }

  private static byte[] random(int size) {
    byte[] b = new byte[size];
    new Random(42).nextBytes(b);
    return b;
  }

  private static List<Document> indexes(StorageConfig config) {
    return StreamSupport.stream(MongoTestServer.collection(config).listIndexes().spliterator(), false)
        .collect(Collectors.toList());
  }

  private static Document ttlIndex(StorageConfig config) {
    return indexes(config).stream().filter(d -> MongoIndexes.TTL_INDEX.equals(d.getString("name"))).findFirst().orElse(null);
  }

  private static Long ttlSeconds(StorageConfig config) {
    Document index = ttlIndex(config);
    assertThat(index).as("TTL index %s", MongoIndexes.TTL_INDEX).isNotNull();
    return ((Number) index.get("expireAfterSeconds")).longValue();
  }
}
