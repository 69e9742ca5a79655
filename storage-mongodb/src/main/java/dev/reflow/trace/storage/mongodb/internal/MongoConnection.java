package dev.reflow.trace.storage.mongodb.internal;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.connection.ClusterType;
import com.mongodb.connection.ServerDescription;
import dev.reflow.trace.storage.StorageConnectionException;
import dev.reflow.trace.storage.mongodb.MongoSettings;
import java.util.concurrent.TimeUnit;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.codecs.configuration.CodecRegistries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client and collection of one storage, and what the server told us when it was opened.
 *
 * @param collection the collection, with documents as BSON (the writes send {@code RawBsonDocument}s)
 * @param traces the same collection for finds: each document is read straight into a trace by
 *     {@link TraceReadCodec}
 * @param maxDocumentSize the smallest {@code maxBsonObjectSize} of the servers
 * @param transactions whether {@code storeAll} runs in a transaction: configured, and the cluster
 *     (a replica set or sharded cluster) has multi-document transactions
 * @param replaceByDeleteInsert whether writes replace a trace by delete and insert in a transaction
 *     instead of an upsert: the collection is (to be) sharded on {@code flow_time}, whose key an
 *     upsert by {@code _id} does not contain
 */
public record MongoConnection(
    MongoSettings settings,
    MongoClient client,
    MongoDatabase database,
    MongoCollection<BsonDocument> collection,
    MongoCollection<TraceRead> traces,
    int maxDocumentSize,
    boolean transactions,
    boolean replaceByDeleteInsert) {

  private static final Logger LOG = LoggerFactory.getLogger(MongoConnection.class);

  /**
   * Connects, checks the server answers, and creates the collection's indexes. Timeouts come
   * from {@code connect_timeout} unless the URL sets them; writes use majority write concern
   * unless the URL sets one.
   *
   * @throws StorageConnectionException when the server cannot be reached or refuses the login
   */
  public static MongoConnection open(MongoSettings settings) {
    return open(settings, null);
  }

  /** {@link #open(MongoSettings)} with a command listener on the client: tests record the commands sent. */
  static MongoConnection open(MongoSettings settings, com.mongodb.event.CommandListener listener) {
    ConnectionString url = MongoErrors.parseUrl(settings.connectionUrl());
    MongoClientSettings.Builder builder = MongoClientSettings.builder()
        .applyConnectionString(url)
        .applicationName("reflow-trace-storage");
    if (url.getServerSelectionTimeout() == null) {
      builder.applyToClusterSettings(c -> c.serverSelectionTimeout(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS));
    }
    if (url.getConnectTimeout() == null) {
      builder.applyToSocketSettings(s -> s.connectTimeout((int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()), TimeUnit.MILLISECONDS));
    }
    if (url.getWriteConcern() == null) {
      // Write-through: a call returns once its write survives a primary failover.
      builder.writeConcern(WriteConcern.MAJORITY);
    }
    if (listener != null) {
      builder.addCommandListener(listener);
    }
    MongoClient client = MongoClients.create(builder.build());
    try {
      MongoDatabase database = client.getDatabase(settings.databaseName());
      database.runCommand(new BsonDocument("ping", new BsonInt32(1)));
      MongoCollection<BsonDocument> collection =
          database.getCollection(settings.collectionName(), BsonDocument.class);
      MongoIndexes.ensure(database, collection, settings.ttl());
      MongoSharding.Outcome sharding = MongoSharding.apply(client, settings, collection.getNamespace());
      ClusterType type = client.getClusterDescription().getType();
      int maxSize = client.getClusterDescription().getServerDescriptions().stream()
          .filter(ServerDescription::isOk)
          .mapToInt(ServerDescription::getMaxDocumentSize)
          .min()
          .orElse(TraceDocumentCodec.MONGODB_MAX_DOCUMENT_SIZE);
      boolean tx = settings.transactions() && (type == ClusterType.REPLICA_SET || type == ClusterType.SHARDED);
      LOG.info("MongoDB trace storage on {} ({}.{}, cluster type {}, max document {} bytes, ttl {}); storeAll: {}",
          settings.redactedUrl(), settings.databaseName(), settings.collectionName(), type, maxSize,
          settings.ttl() == null ? "none" : settings.ttl(), storeAllGuarantee(type, settings.transactions()));
      boolean deleteInsert = settings.shardKey() == MongoSettings.ShardKey.FLOW_TIME
          && (sharding == MongoSharding.Outcome.SHARDED || sharding == MongoSharding.Outcome.NOT_PERMITTED);
      MongoCollection<TraceRead> traces = collection.withDocumentClass(TraceRead.class)
          .withCodecRegistry(CodecRegistries.fromRegistries(
              CodecRegistries.fromCodecs(new TraceReadCodec()), collection.getCodecRegistry()));
      return new MongoConnection(settings, client, database, collection, traces, maxSize, tx, deleteInsert);
    } catch (RuntimeException e) {
      client.close();
      throw new MongoErrors(settings).openFailure(e);
    }
  }

  /**
   * What storeAll guarantees on this deployment, for the open log line: a standalone server has no
   * multi-document transactions, so there is nothing to make a batch atomic with.
   */
  static String storeAllGuarantee(ClusterType type, boolean transactionsWanted) {
    boolean transactional = type == ClusterType.REPLICA_SET || type == ClusterType.SHARDED;
    if (transactional && transactionsWanted) {
      return "one transaction per batch (all or none, concurrent readers see none or all of it)";
    }
    return (transactional ? "transactions=false" : "a " + type + " server has no multi-document transactions")
        + ": each trace is written atomically, a batch is not (a concurrent reader can see the first part of a "
        + "batch, and a failure part-way keeps the traces written before it); use a replica set for atomic batches";
  }
}
