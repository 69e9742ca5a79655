package dev.reflow.trace.storage.mongodb.internal;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoNamespace;
import com.mongodb.client.MongoClient;
import com.mongodb.connection.ClusterType;
import dev.reflow.trace.storage.StorageConfigurationException;
import dev.reflow.trace.storage.TraceStorageException;
import dev.reflow.trace.storage.mongodb.MongoSettings;
import dev.reflow.trace.storage.mongodb.MongoSettings.ShardKey;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code storage.mongodb.shard_key}: on a sharded cluster (the server is a {@code mongos}, whose
 * handshake reply, {@code hello} or {@code isMaster}, says {@code msg: "isdbgrid"}: the driver
 * then reports {@link ClusterType#SHARDED}), shards the collection on start with
 * {@code enableSharding} and {@code shardCollection}; anywhere else the collection is left as it
 * is and one INFO line says so. Without the privilege to shard, one WARN line gives the command to
 * run by hand and the storage opens unsharded.
 */
final class MongoSharding {
  private static final Logger LOG = LoggerFactory.getLogger(MongoSharding.class);
  /** MongoDB's error code for a missing privilege. */
  private static final int UNAUTHORIZED = 13;

  private MongoSharding() {}

  /** What {@link #apply} found and did. */
  enum Outcome {
    /** shard_key = none: nothing asked, nothing sent. */
    NOT_CONFIGURED,
    /** Not a mongos: the collection is unsharded. */
    NOT_A_SHARDED_CLUSTER,
    /** The collection is sharded on the configured key (now or before). */
    SHARDED,
    /** The user may not shard: the collection stays unsharded until a DBA runs the command. */
    NOT_PERMITTED
  }

  /** The shard key document of a configured key. */
  static BsonDocument keyDocument(ShardKey key) {
    return switch (key) {
      case HASHED_ID -> new BsonDocument(TraceDocumentCodec.ID, new BsonString("hashed"));
      case FLOW_TIME -> new BsonDocument(TraceDocumentCodec.FLOW_ID, new BsonInt32(1))
          .append(TraceDocumentCodec.START_US, new BsonInt32(1));
      case NONE -> throw new IllegalArgumentException("no shard key");
    };
  }

  /**
   * The admin command that shards the collection. The collation is binary, as for every query
   * index (see {@link MongoIndexes#SIMPLE}): a collection created with another default collation
   * could not be sharded otherwise.
   */
  static BsonDocument shardCollectionCommand(MongoNamespace ns, ShardKey key) {
    return new BsonDocument("shardCollection", new BsonString(ns.getFullName()))
        .append("key", keyDocument(key))
        .append("collation", new BsonDocument("locale", new BsonString("simple")));
  }

  /** What to run in mongosh to shard the collection by hand. */
  static String manualCommand(MongoNamespace ns, ShardKey key) {
    return "sh.shardCollection(\"" + ns.getFullName() + "\", " + keyDocument(key).toJson() + ", false, "
        + "{collation: {locale: \"simple\"}})";
  }

  /** Shards the collection when configured and the server is a mongos; see the class comment. */
  static Outcome apply(MongoClient client, MongoSettings settings, MongoNamespace ns) {
    ShardKey key = settings.shardKey();
    if (key == ShardKey.NONE) {
      return Outcome.NOT_CONFIGURED;
    }
    if (client.getClusterDescription().getType() != ClusterType.SHARDED) {
      LOG.info("storage.mongodb.shard_key = {}: {} is not a sharded cluster (not a mongos), so {} stays unsharded",
          key.value(), settings.redactedUrl(), ns.getFullName());
      return Outcome.NOT_A_SHARDED_CLUSTER;
    }
    try {
      // Needed before MongoDB 6.0, accepted (and a no-op) since.
      client.getDatabase("admin").runCommand(
          new BsonDocument("enableSharding", new BsonString(ns.getDatabaseName())), BsonDocument.class);
      client.getDatabase("admin").runCommand(shardCollectionCommand(ns, key), BsonDocument.class);
    } catch (MongoCommandException e) {
      if (e.getErrorCode() == UNAUTHORIZED) {
        LOG.warn("storage.mongodb.shard_key = {}: the user may not shard {} on {} ({}); it stays unsharded. "
                + "A user with the clusterManager role can run: {}", key.value(), ns.getFullName(),
            settings.redactedUrl(), e.getErrorCodeName(), manualCommand(ns, key));
        return Outcome.NOT_PERMITTED;
      }
      if (e.getErrorMessage().contains("already sharded")) {
        throw new StorageConfigurationException("Invalid value for storage.mongodb.shard_key=" + key.value() + ": "
            + ns.getFullName() + " is already sharded on another key (" + e.getErrorMessage() + "). A shard key "
            + "cannot be replaced in place here: set shard_key to match it, or none, or reshard it with "
            + "reshardCollection.", e);
      }
      throw new TraceStorageException("Could not shard " + ns.getFullName() + " on " + keyDocument(key).toJson()
          + ": " + e.getErrorMessage() + ". To do it by hand: " + manualCommand(ns, key), e);
    }
    LOG.info("storage.mongodb.shard_key = {}: {} is sharded on {}", key.value(), ns.getFullName(),
        keyDocument(key).toJson());
    return Outcome.SHARDED;
  }
}
