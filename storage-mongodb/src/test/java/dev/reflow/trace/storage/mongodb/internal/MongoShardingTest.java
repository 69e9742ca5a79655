package dev.reflow.trace.storage.mongodb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoNamespace;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.StorageConfigurationException;
import dev.reflow.trace.storage.TraceQuery;
import dev.reflow.trace.storage.mongodb.MongoSettings;
import dev.reflow.trace.storage.mongodb.MongoSettings.ShardKey;
import dev.reflow.trace.storage.tck.TestTraces;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bson.BsonDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code storage.mongodb.shard_key}: the commands the backend sends, recorded by the driver's
 * command listener, on a plain in-process server (mongo-java-server, which is not a mongos) and on
 * a stand-in mongos (the same server answering {@code hello} as a router and accepting the
 * sharding commands, as a real mongos does). No real sharded cluster runs in the build.
 */
class MongoShardingTest {
  private static final Set<String> SHARDING_COMMANDS = Set.of("enableSharding", "shardCollection");
  private final List<BsonDocument> commands = new CopyOnWriteArrayList<>();
  private final CommandListener recorder = new CommandListener() {
    @Override
    public void commandStarted(CommandStartedEvent event) {
      commands.add(event.getCommand().clone());
    }
  };
  private MongoServer server;
  private MongoTraceStorage storage;

  @AfterEach
  void stop() {
    if (storage != null) {
      storage.close();
    }
    if (server != null) {
      server.shutdownNow();
    }
  }

  private static MongoSettings settings(String url, Map<String, String> keys) {
    Map<String, String> all = new java.util.HashMap<>(keys);
    all.put("storage.mongodb.connection_url", url);
    all.put("storage.mongodb.database_name", "shard_test");
    all.put("storage.mongodb.connect_timeout", "5s");
    return MongoSettings.from(StorageConfig.fromMap(all));
  }

  private String start(MemoryBackend backend) {
    server = new MongoServer(backend);
    InetSocketAddress address = server.bind();
    return "mongodb://" + address.getHostString() + ":" + address.getPort();
  }

  private List<String> commandNames() {
    return commands.stream().map(BsonDocument::getFirstKey).toList();
  }

  @Test
  @DisplayName("shard_key defaults to none; hashed_id and flow_time are read in any case; others and flow_time without transactions are refused")
  void settings_shardKey() {
    String url = "mongodb://localhost:27017";
    assertThat(settings(url, Map.of()).shardKey()).isEqualTo(ShardKey.NONE);
    assertThat(settings(url, Map.of("storage.mongodb.shard_key", "Hashed_Id")).shardKey()).isEqualTo(ShardKey.HASHED_ID);
    assertThat(settings(url, Map.of("storage.mongodb.shard_key", "flow_time")).shardKey()).isEqualTo(ShardKey.FLOW_TIME);
    assertThatThrownBy(() -> settings(url, Map.of("storage.mongodb.shard_key", "start_us")))
        .isInstanceOf(StorageConfigurationException.class)
        .hasMessage("Invalid value for storage.mongodb.shard_key=start_us. Must be none, hashed_id or flow_time.");
    assertThatThrownBy(() -> settings(url, Map.of("storage.mongodb.shard_key", "flow_time",
        "storage.mongodb.transactions", "false")))
        .isInstanceOf(StorageConfigurationException.class)
        .hasMessageStartingWith("Invalid value for storage.mongodb.shard_key=flow_time. flow_time replaces a trace")
        .hasMessageEndingWith("it needs storage.mongodb.transactions = true.");
  }

  @Test
  @DisplayName("shardCollection names the collection, the key and the binary collation; the manual command says the same in mongosh")
  void shardCollectionCommand_shape() {
    MongoNamespace ns = new MongoNamespace("reflow_tracing", "traces");
    assertThat(MongoSharding.shardCollectionCommand(ns, ShardKey.HASHED_ID).toJson()).isEqualTo(
        "{\"shardCollection\": \"reflow_tracing.traces\", \"key\": {\"_id\": \"hashed\"}, "
            + "\"collation\": {\"locale\": \"simple\"}}");
    assertThat(MongoSharding.shardCollectionCommand(ns, ShardKey.FLOW_TIME).toJson()).isEqualTo(
        "{\"shardCollection\": \"reflow_tracing.traces\", \"key\": {\"flow_id\": 1, \"start_us\": 1}, "
            + "\"collation\": {\"locale\": \"simple\"}}");
    assertThat(MongoSharding.manualCommand(ns, ShardKey.HASHED_ID)).isEqualTo(
        "sh.shardCollection(\"reflow_tracing.traces\", {\"_id\": \"hashed\"}, false, {collation: {locale: \"simple\"}})");
  }

  @ParameterizedTest
  @EnumSource(value = ShardKey.class, names = {"HASHED_ID", "FLOW_TIME"})
  @DisplayName("On a server that is not a mongos, a shard key sends no sharding command and the storage works unchanged")
  void notSharded_noShardingCommands_worksUnchanged(ShardKey key) {
    String url = start(new MemoryBackend());
    storage = MongoTraceStorage.open(settings(url, Map.of("storage.mongodb.shard_key", key.value())), recorder);
    assertThat(commandNames()).isNotEmpty().doesNotContainAnyElementsOf(SHARDING_COMMANDS);

    FlowTrace first = TestTraces.trace(1).flowId("orders").build();
    FlowTrace moved = TestTraces.trace(1).flowId("billing").build(); // same id, another flow
    storage.store(first);
    storage.storeAll(List.of(moved, TestTraces.trace(2).flowId("orders").build()));
    assertThat(storage.get(first.traceId())).contains(moved);
    assertThat(storage.query(TraceQuery.builder().flowId("orders").build())).hasSize(1);
    // An upsert by _id, as without a shard key: no delete-then-insert on an unsharded collection.
    assertThat(commandNames()).contains("update").doesNotContain("delete");
  }

  @Test
  @DisplayName("shard_key = none sends no sharding command, even to a mongos")
  void none_onMongos_sendsNoShardingCommand() {
    String url = start(new FakeMongos(false));
    storage = MongoTraceStorage.open(settings(url, Map.of("storage.mongodb.transactions", "false")), recorder);
    assertThat(commandNames()).isNotEmpty().doesNotContainAnyElementsOf(SHARDING_COMMANDS);
  }

  @ParameterizedTest
  @EnumSource(value = ShardKey.class, names = {"HASHED_ID", "FLOW_TIME"})
  @DisplayName("On a mongos, opening enables sharding on the database and shards the collection on the configured key")
  void mongos_shardsCollectionOnStart(ShardKey key) {
    FakeMongos mongos = new FakeMongos(false);
    String url = start(mongos);
    storage = MongoTraceStorage.open(settings(url, Map.of("storage.mongodb.shard_key", key.value(),
        "storage.mongodb.transactions", key == ShardKey.FLOW_TIME ? "true" : "false")), recorder);
    List<BsonDocument> sharding = commands.stream().filter(c -> SHARDING_COMMANDS.contains(c.getFirstKey())).toList();
    assertThat(sharding).hasSize(2);
    assertThat(sharding.get(0).getString("enableSharding").getValue()).isEqualTo("shard_test");
    assertThat(sharding.get(1).getString("shardCollection").getValue()).isEqualTo("shard_test.traces");
    assertThat(sharding.get(1).getDocument("key"))
        .isEqualTo(MongoSharding.keyDocument(key));
    assertThat(sharding).allSatisfy(c -> assertThat(c.getString("$db").getValue()).isEqualTo("admin"));
    assertThat(mongos.shardCollections).containsExactly("shard_test.traces");
  }

  @Test
  @DisplayName("On a mongos that refuses shardCollection for lack of privilege, the storage opens unsharded and one WARN line gives the command to run by hand")
  void mongos_unauthorized_opensUnsharded() {
    String url = start(new FakeMongos(true));
    java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
    java.io.PrintStream stderr = System.err;
    System.setErr(new java.io.PrintStream(log, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      storage = MongoTraceStorage.open(settings(url, Map.of("storage.mongodb.shard_key", "hashed_id",
          "storage.mongodb.transactions", "false")), recorder);
    } finally {
      System.setErr(stderr);
    }
    assertThat(commandNames()).contains("shardCollection");
    assertThat(log.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("WARN")
        .contains("storage.mongodb.shard_key = hashed_id: the user may not shard shard_test.traces on " + url
            + " (Unauthorized); it stays unsharded. A user with the clusterManager role can run: "
            + "sh.shardCollection(\"shard_test.traces\", {\"_id\": \"hashed\"}, false, {collation: {locale: \"simple\"}})");
    FlowTrace trace = TestTraces.trace(3).build();
    storage.store(trace);
    assertThat(storage.get(trace.traceId())).contains(trace);
  }

  @Test
  @DisplayName("flow_time on a mongos replaces a trace by a delete by _id and an insert, in one transaction")
  void mongos_flowTime_deleteThenInsertInOneTransaction() {
    String url = start(new FakeMongos(false));
    storage = MongoTraceStorage.open(settings(url, Map.of("storage.mongodb.shard_key", "flow_time")), recorder);
    FlowTrace first = TestTraces.trace(4).flowId("orders").build();
    FlowTrace moved = TestTraces.trace(4).flowId("billing").build();
    storage.store(first);
    commands.clear();
    storage.store(moved);

    List<BsonDocument> sent = commands.stream()
        .filter(c -> Set.of("delete", "insert", "update", "commitTransaction").contains(c.getFirstKey())).toList();
    assertThat(sent).extracting(BsonDocument::getFirstKey).containsExactly("delete", "insert", "commitTransaction");
    BsonDocument delete = sent.get(0);
    assertThat(delete.getArray("deletes").get(0).asDocument().getDocument("q"))
        .isEqualTo(new BsonDocument("_id", new org.bson.BsonString(first.traceId().toString())));
    assertThat(delete.getBoolean("startTransaction").getValue()).isTrue();
    assertThat(sent).allSatisfy(c -> {
      assertThat(c.getDocument("lsid")).isEqualTo(delete.getDocument("lsid"));
      assertThat(c.get("txnNumber")).isEqualTo(delete.get("txnNumber"));
    });
    assertThat(storage.get(first.traceId())).contains(moved);
    assertThat(storage.query(TraceQuery.builder().flowId("orders").build())).isEmpty();
  }

  /**
   * mongo-java-server answering as a mongos: the handshake's reply ({@code isMaster}) says {@code msg: "isdbgrid"} and the
   * sharding commands succeed (or fail with Unauthorized, code 13) and are recorded.
   */
  static final class FakeMongos extends MemoryBackend {
    private final boolean unauthorized;
    final List<String> shardCollections = new CopyOnWriteArrayList<>();

    FakeMongos(boolean unauthorized) {
      this.unauthorized = unauthorized;
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
      switch (command) {
        case "hello", "isMaster", "ismaster" -> {
          Document reply = super.handleCommand(channel, database, command, query);
          reply.put("msg", "isdbgrid");
          reply.put("logicalSessionTimeoutMinutes", 30); // sessions, hence transactions
          return reply;
        }
        case "commitTransaction", "abortTransaction" -> {
          // The stand-in runs each command as it comes; the test checks what was sent.
          return new Document("ok", 1.0);
        }
        case "enableSharding" -> {
          return new Document("ok", 1.0);
        }
        case "shardCollection" -> {
          if (unauthorized) {
            throw new MongoServerError(13, "Unauthorized", "not authorized on admin to execute command shardCollection");
          }
          shardCollections.add(String.valueOf(query.get("shardCollection")));
          return new Document("ok", 1.0).append("collectionsharded", query.get("shardCollection"));
        }
        default -> {
          return super.handleCommand(channel, database, command, query);
        }
      }
    }
  }
}
