package dev.reflow.trace.storage.mongodb;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.mongodb.internal.MongoErrors;
import org.bson.BsonDocument;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * The MongoDB server the tests run against, chosen once per JVM: {@code REFLOW_TEST_MONGODB_URL}
 * when set; otherwise a Testcontainers {@code mongo} when a Docker daemon answers; otherwise an
 * in-process mongo-java-server (real wire protocol, real driver, in memory), except in strict mode
 * ({@code REFLOW_TCK_STRICT=true}), where that fallback is a failure. Each storage gets a fresh
 * collection in a database unique to this JVM.
 */
final class MongoTestServer {
  static final String URL_VARIABLE = "REFLOW_TEST_MONGODB_URL";
  static final String MONGO_IMAGE = "mongo:7.0";

  private static Server server;
  /** The tests' own client, for looking at what a storage wrote; the storage's client stays its own. */
  private static MongoClient inspector;
  private static final AtomicInteger COLLECTIONS = new AtomicInteger();
  private static final String DATABASE = "reflow_test_" + UUID.randomUUID().toString().substring(0, 8);

  /**
   * @param kind {@code external}, {@code testcontainers} or {@code mongo-java-server}
   * @param expiresTtl whether the server runs MongoDB's TTL monitor
   */
  record Server(String url, String kind, boolean expiresTtl) {}

  private MongoTestServer() {}

  static synchronized Server get() {
    if (server == null) {
      server = start();
      if (!server.kind().equals("mongo-java-server")) {
        String url = server.url();
        // Leave a real server as it was found: drop this run's database at exit.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          try (com.mongodb.client.MongoClient client = com.mongodb.client.MongoClients.create(url)) {
            client.getDatabase(DATABASE).drop();
          } catch (RuntimeException e) {
            System.out.println("[mongodb tests] could not drop test database " + DATABASE + ": " + e.getMessage());
          }
        }));
      }
      System.out.println("[mongodb tests] using " + server.kind() + " at "
          + MongoErrors.redact(server.url()) + ", database " + DATABASE);
    }
    return server;
  }

  /** Chooses and starts a server; not cached (see {@link #get()}). */
  static Server start() {
    // REFLOW_TEST_MONGODB_URL, or -Dreflow.test.mongodb.url, which wins.
    java.util.Optional<String> url = dev.reflow.trace.storage.tck.TckEnvironment.urlFor("mongodb");
    if (url.isPresent()) {
      return new Server(url.get(), "external", true);
    }
    String dockerReason;
    try {
      if (DockerClientFactory.instance().isDockerAvailable()) {
        MongoDBContainer container = new MongoDBContainer(MONGO_IMAGE);
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
        // A single-node replica set: storeAll runs in a transaction there.
        return new Server(container.getReplicaSetUrl(), "testcontainers", true);
      }
      dockerReason = "no Docker daemon available";
    } catch (RuntimeException | LinkageError e) {
      dockerReason = "Testcontainers failed: " + e;
    }
    if (dev.reflow.trace.storage.tck.TckEnvironment.strict()) {
      // Strict means a real server or a failure: mongo-java-server speaks the wire protocol but is
      // not MongoDB (no TTL monitor, its own query engine), so it does not count.
      throw dev.reflow.trace.storage.tck.TckEnvironment.abort(URL_VARIABLE + " not set and " + dockerReason
          + "; strict mode runs against a real MongoDB only, not the in-process mongo-java-server");
    }
    System.out.println("[mongodb tests] " + URL_VARIABLE + " not set and " + dockerReason
        + "; falling back to in-process mongo-java-server (TTL expiry is not run there)");
    MongoServer mongo = new MongoServer(new MemoryBackend());
    InetSocketAddress address = mongo.bind();
    Runtime.getRuntime().addShutdownHook(new Thread(mongo::shutdownNow));
    return new Server("mongodb://" + address.getHostString() + ":" + address.getPort(), "mongo-java-server", false);
  }

  /**
   * The collection a storage opened with {@code config} writes to, read through the tests' own
   * client: the documents and indexes as a Mongo shell would see them.
   */
  static synchronized MongoCollection<BsonDocument> collection(StorageConfig config) {
    if (inspector == null) {
      inspector = MongoClients.create(get().url());
      Runtime.getRuntime().addShutdownHook(new Thread(inspector::close));
    }
    MongoSettings settings = MongoSettings.from(config);
    return inspector.getDatabase(settings.databaseName()).getCollection(settings.collectionName(), BsonDocument.class);
  }

  static String database() {
    return DATABASE;
  }

  /** A collection name no other storage in this JVM uses. */
  static String freshCollection() {
    return "traces_" + COLLECTIONS.incrementAndGet();
  }

  /** Configuration for a fresh, empty collection. */
  static StorageConfig freshConfig() {
    return config(freshCollection());
  }

  static StorageConfig config(String collection) {
    return StorageConfig.empty()
        .with(StorageConfig.BACKEND, "mongodb")
        .with("storage.mongodb.connection_url", get().url())
        .with("storage.mongodb.database_name", DATABASE)
        .with("storage.mongodb.collection_name", collection.toLowerCase(Locale.ROOT));
  }
}
