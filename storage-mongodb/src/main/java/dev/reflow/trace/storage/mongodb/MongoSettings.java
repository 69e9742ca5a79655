package dev.reflow.trace.storage.mongodb;

import com.mongodb.MongoNamespace;
import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.StorageConfigurationException;
import dev.reflow.trace.storage.mongodb.internal.MongoErrors;
import java.time.Duration;
import java.util.Objects;

/**
 * The {@code storage.mongodb.*} keys, read and checked once. Key names are Reflow's own
 * ({@code [storage.mongodb]} in its TOML): {@code connection_url}, {@code database_name},
 * {@code collection_name}; {@code ttl}, {@code compression_threshold}, {@code connect_timeout}
 * and {@code transactions} are ours.
 *
 * @param connectionUrl the {@code connection_url}, a MongoDB connection string
 *     ({@code mongodb://…} or {@code mongodb+srv://…}); it may hold a password, so show
 *     {@link #redactedUrl()} instead
 * @param ttl expire traces this long after their start time via a TTL index, or null to keep them
 * @param compressionThreshold store a trace compressed when its BSON is larger than this many
 *     bytes; -1 compresses only traces whose readable document would exceed MongoDB's limit
 * @param connectTimeout how long to wait for a server at start-up and per call, unless the URL
 *     sets {@code serverSelectionTimeoutMS}
 * @param transactions run {@code storeAll} in a multi-document transaction where the server
 *     supports them (replica sets, sharded clusters)
 * @param shardKey the shard key to give the collection on a sharded cluster ({@code shard_key})
 */
public record MongoSettings(
    String connectionUrl,
    String databaseName,
    String collectionName,
    Duration ttl,
    long compressionThreshold,
    Duration connectTimeout,
    boolean transactions,
    ShardKey shardKey) {

  /** {@code storage.mongodb.shard_key}: how a sharded cluster spreads the collection. */
  public enum ShardKey {
    /** Leave the collection as it is (unsharded unless a DBA shards it). */
    NONE,
    /** {@code {_id: "hashed"}}: writes spread evenly; get, store and delete go to one shard, queries to all. */
    HASHED_ID,
    /**
     * {@code {flow_id: 1, start_us: 1}}: a flow's traces together in time order; flow queries go
     * to the shards holding that flow. A stored trace whose flow or start time changed may move
     * to another shard, so it is replaced by delete and insert in one transaction.
     */
    FLOW_TIME;

    /** The configuration value: {@code none}, {@code hashed_id}, {@code flow_time}. */
    public String value() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Compatibility: the settings without a shard key. */
  public MongoSettings(String connectionUrl, String databaseName, String collectionName, Duration ttl,
      long compressionThreshold, Duration connectTimeout, boolean transactions) {
    this(connectionUrl, databaseName, collectionName, ttl, compressionThreshold, connectTimeout, transactions,
        ShardKey.NONE);
  }

  public static final String SECTION = "mongodb";
  public static final String CONNECTION_URL = "connection_url";
  public static final String DATABASE_NAME = "database_name";
  public static final String COLLECTION_NAME = "collection_name";
  public static final String TTL = "ttl";
  public static final String COMPRESSION_THRESHOLD = "compression_threshold";
  public static final String CONNECT_TIMEOUT = "connect_timeout";
  public static final String TRANSACTIONS = "transactions";
  public static final String SHARD_KEY = "shard_key";

  public static final String DEFAULT_DATABASE = "reflow_tracing";
  public static final String DEFAULT_COLLECTION = "traces";
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /**
   * Checks that the URL is a MongoDB connection string, so that a wrong one is refused here
   * rather than when the storage opens; the rest is checked by {@link #from}.
   *
   * @throws IllegalArgumentException when it is not (the message never shows a secret)
   */
  public MongoSettings {
    Objects.requireNonNull(connectionUrl, "connectionUrl");
    Objects.requireNonNull(databaseName, "databaseName");
    Objects.requireNonNull(collectionName, "collectionName");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(shardKey, "shardKey");
    MongoErrors.parseUrl(connectionUrl);
  }

  /** MongoDB stores {@code expireAfterSeconds} as a 32-bit integer. */
  private static final long MAX_TTL_SECONDS = Integer.MAX_VALUE;

  /**
   * Reads {@code storage.mongodb.*}.
   *
   * @throws StorageConfigurationException naming the key and (redacted) value
   */
  public static MongoSettings from(StorageConfig config) {
    StorageConfig.Section s = config.section(SECTION);
    String url = s.require(CONNECTION_URL);
    try {
      MongoErrors.parseUrl(url);
    } catch (IllegalArgumentException e) {
      throw new StorageConfigurationException("Invalid value for " + s.key(CONNECTION_URL) + "=" + MongoErrors.redact(url)
          + ". Must be a MongoDB connection string such as mongodb://host:27017 or mongodb+srv://cluster.example.net: "
          + e.getMessage(), e.getCause());
    }
    String database = s.getString(DATABASE_NAME, DEFAULT_DATABASE);
    try {
      MongoNamespace.checkDatabaseNameValidity(database);
    } catch (IllegalArgumentException e) {
      throw s.invalid(DATABASE_NAME, database, "Must be a MongoDB database name: " + e.getMessage() + ".");
    }
    String collection = s.getString(COLLECTION_NAME, DEFAULT_COLLECTION);
    try {
      MongoNamespace.checkCollectionNameValidity(collection);
    } catch (IllegalArgumentException e) {
      throw s.invalid(COLLECTION_NAME, collection, "Must be a MongoDB collection name: " + e.getMessage() + ".");
    }
    if (collection.indexOf('$') >= 0) {
      throw s.invalid(COLLECTION_NAME, collection, "MongoDB collection names must not contain $.");
    }
    if (collection.startsWith("system.")) {
      throw s.invalid(COLLECTION_NAME, collection, "Collection names starting with system. are reserved by MongoDB.");
    }
    Duration ttl = s.getDuration(TTL, null);
    if (ttl != null && (ttl.getSeconds() < 1 || ttl.getSeconds() > MAX_TTL_SECONDS)) {
      throw s.invalid(TTL, s.getString(TTL, ""), "Must be between 1s and " + MAX_TTL_SECONDS
          + " seconds (MongoDB's limit on expireAfterSeconds).");
    }
    long threshold = s.getLong(COMPRESSION_THRESHOLD, -1);
    if (threshold < -1) {
      throw s.invalid(COMPRESSION_THRESHOLD, String.valueOf(threshold),
          "Must be a number of bytes, or -1 to compress only traces too large for one document.");
    }
    Duration connectTimeout = s.getDuration(CONNECT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT);
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw s.invalid(CONNECT_TIMEOUT, s.getString(CONNECT_TIMEOUT, ""), "Must be a positive duration such as 10s.");
    }
    boolean transactions = s.getBoolean(TRANSACTIONS, true);
    String shardKeyValue = s.getString(SHARD_KEY, ShardKey.NONE.value()).trim();
    ShardKey shardKey = java.util.Arrays.stream(ShardKey.values())
        .filter(k -> k.value().equalsIgnoreCase(shardKeyValue))
        .findFirst()
        .orElseThrow(() -> s.invalid(SHARD_KEY, shardKeyValue, "Must be none, hashed_id or flow_time."));
    if (shardKey == ShardKey.FLOW_TIME && !transactions) {
      throw s.invalid(SHARD_KEY, shardKeyValue, "flow_time replaces a trace whose flow or start time changed by a "
          + "delete and an insert on possibly different shards, which must be one transaction: it needs "
          + s.key(TRANSACTIONS) + " = true.");
    }
    return new MongoSettings(url, database, collection, ttl, threshold, connectTimeout, transactions, shardKey);
  }

  /** The connection URL with passwords and secret options masked. */
  public String redactedUrl() {
    return MongoErrors.redact(connectionUrl);
  }

  @Override
  public String toString() {
    return "MongoSettings[url=" + redactedUrl() + ", database=" + databaseName + ", collection=" + collectionName
        + ", ttl=" + ttl + ", compressionThreshold=" + compressionThreshold + ", connectTimeout=" + connectTimeout + ", transactions=" + transactions
        + ", shardKey=" + shardKey.value() + "]";
  }
}
