package dev.reflow.trace.storage.mongodb;

import static dev.reflow.trace.storage.mongodb.internal.TraceDocumentCodec.ACTORS;
import static dev.reflow.trace.storage.mongodb.internal.TraceDocumentCodec.EVENT_COUNT;
import static dev.reflow.trace.storage.mongodb.internal.TraceDocumentCodec.EXECUTION_ID;
import static dev.reflow.trace.storage.mongodb.internal.TraceDocumentCodec.FLOW_ID;
import static dev.reflow.trace.storage.mongodb.internal.TraceDocumentCodec.ID;
import static dev.reflow.trace.storage.mongodb.internal.TraceDocumentCodec.SIZE;
import static dev.reflow.trace.storage.mongodb.internal.TraceDocumentCodec.START_US;
import static dev.reflow.trace.storage.mongodb.internal.TraceDocumentCodec.STATUS;

import com.mongodb.ClientSessionOptions;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.ReadConcern;
import com.mongodb.TransactionOptions;
import com.mongodb.WriteConcern;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.CountOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.WriteModel;
import com.mongodb.connection.ClusterType;
import com.mongodb.connection.ServerDescription;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.Timestamp;
import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.storage.StorageClosedException;
import dev.reflow.trace.storage.StorageConnectionException;
import dev.reflow.trace.storage.StorageStats;
import dev.reflow.trace.storage.TraceQuery;
import dev.reflow.trace.storage.TraceQueryException;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.TraceStorageException;
import dev.reflow.trace.storage.TraceWriteException;
import dev.reflow.trace.storage.spi.CursorStreams;
import dev.reflow.trace.storage.spi.TraceBatches;
import dev.reflow.trace.storage.mongodb.internal.CorruptDocumentException;
import dev.reflow.trace.storage.mongodb.internal.LiteralRegex;
import dev.reflow.trace.storage.mongodb.internal.TraceDocumentCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bson.BsonDocument;
import org.bson.BsonRegularExpression;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Traces in one MongoDB collection, one document per trace (see {@code docs/storage/mongodb.md}
 * and {@link TraceDocumentCodec}). Thread-safe: the driver's client is.
 *
 * <p>Writes use majority write concern unless the URL sets one. {@link #storeAll} encodes and
 * checks every trace before sending anything, then sends one ordered bulk write; on a replica set
 * or sharded cluster that write runs in a transaction (all or none), while a standalone server
 * has no multi-document transactions, so a server-side failure part-way (such as a lost
 * connection) can leave the earlier traces of the batch stored.
 */
public final class MongoStorage implements TraceStorage {
  /** The provider name. */
  public static final String NAME = "mongodb";

  private static final Logger LOG = LoggerFactory.getLogger(MongoStorage.class);

  private final MongoSettings settings;
  private final MongoClient client;
  private final MongoDatabase database;
  private final MongoCollection<BsonDocument> collection;
  private final int maxDocumentSize;
  private final boolean transactions;
  private final AtomicBoolean closed = new AtomicBoolean();

  private MongoStorage(MongoSettings settings, MongoClient client, MongoDatabase database,
      MongoCollection<BsonDocument> collection, int maxDocumentSize, boolean transactions) {
    this.settings = settings;
    this.client = client;
    this.database = database;
    this.collection = collection;
    this.maxDocumentSize = maxDocumentSize;
    this.transactions = transactions;
  }

  /**
   * Connects, checks the server answers, and creates the collection's indexes.
   *
   * @throws StorageConnectionException when the server cannot be reached or refuses the login
   */
  public static MongoStorage open(MongoSettings settings) {
    MongoClientSettings.Builder builder = MongoClientSettings.builder()
        .applyConnectionString(settings.connectionString())
        .applicationName("reflow-trace-storage");
    if (settings.connectionString().getServerSelectionTimeout() == null) {
      builder.applyToClusterSettings(c -> c.serverSelectionTimeout(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS));
    }
    if (settings.connectionString().getConnectTimeout() == null) {
      builder.applyToSocketSettings(s -> s.connectTimeout((int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()), TimeUnit.MILLISECONDS));
    }
    if (settings.connectionString().getWriteConcern() == null) {
      // Write-through: a call returns once its write survives a primary failover.
      builder.writeConcern(WriteConcern.MAJORITY);
    }
    MongoClient client = MongoClients.create(builder.build());
    try {
      MongoDatabase database = client.getDatabase(settings.databaseName());
      database.runCommand(new BsonDocument("ping", new org.bson.BsonInt32(1)));
      MongoCollection<BsonDocument> collection =
          database.getCollection(settings.collectionName(), BsonDocument.class);
      MongoIndexes.ensure(database, collection, settings.ttl());
      ClusterType type = client.getClusterDescription().getType();
      int maxSize = client.getClusterDescription().getServerDescriptions().stream()
          .filter(ServerDescription::isOk)
          .mapToInt(ServerDescription::getMaxDocumentSize)
          .min()
          .orElse(TraceDocumentCodec.MONGODB_MAX_DOCUMENT_SIZE);
      boolean tx = settings.transactions() && (type == ClusterType.REPLICA_SET || type == ClusterType.SHARDED);
      LOG.info("MongoDB trace storage on {} ({}.{}, cluster type {}, max document {} bytes, ttl {})",
          settings.redactedUrl(), settings.databaseName(), settings.collectionName(), type, maxSize,
          settings.ttl() == null ? "none" : settings.ttl());
      return new MongoStorage(settings, client, database, collection, maxSize, tx);
    } catch (RuntimeException e) {
      client.close();
      throw connectionFailure(settings, e);
    }
  }

  private static TraceStorageException connectionFailure(MongoSettings settings, RuntimeException e) {
    String reason = MongoSettings.redact(e.getMessage());
    String where = settings.redactedUrl() + " (database " + settings.databaseName() + ", collection "
        + settings.collectionName() + ")";
    if (e instanceof MongoSecurityException) {
      return new StorageConnectionException("MongoDB refused the credentials for " + where + ": " + reason,
          MongoSettings.safeCause(e));
    }
    if (e instanceof MongoTimeoutException || e instanceof MongoSocketException) {
      return new StorageConnectionException("Could not connect to MongoDB at " + where + " within "
          + settings.connectTimeout().toSeconds() + "s: " + reason, MongoSettings.safeCause(e));
    }
    return new StorageConnectionException("Could not open MongoDB trace storage at " + where + ": " + reason,
        MongoSettings.safeCause(e));
  }

  /** The settings this storage was opened with. */
  public MongoSettings settings() {
    return settings;
  }

  /** The collection, for tests and tools that inspect documents. */
  public MongoCollection<BsonDocument> collection() {
    return collection;
  }

  @Override
  public void store(FlowTrace trace) {
    checkOpen();
    if (trace == null) {
      throw new TraceWriteException("Cannot store a null trace");
    }
    TraceDocumentCodec.Encoded doc = encode(trace, -1);
    try {
      collection.replaceOne(Filters.eq(ID, doc.id()), doc.document(), new ReplaceOptions().upsert(true));
    } catch (MongoException e) {
      throw writeFailure("store trace " + doc.id(), e);
    }
  }

  @Override
  public void storeAll(Collection<FlowTrace> traces) {
    checkOpen();
    if (traces == null) {
      throw new TraceWriteException("Cannot store a null collection of traces");
    }
    // Encode and check everything first: a bad element writes nothing. Later duplicates win,
    // as the ordered bulk write would make them, but only the last one is sent.
    List<TraceDocumentCodec.Encoded> docs = TraceBatches.lastPerId(traces, this::encode);
    if (docs.isEmpty()) {
      return;
    }
    List<WriteModel<BsonDocument>> models = new ArrayList<>(docs.size());
    ReplaceOptions upsert = new ReplaceOptions().upsert(true);
    for (TraceDocumentCodec.Encoded doc : docs) {
      models.add(new ReplaceOneModel<>(Filters.eq(ID, doc.id()), doc.document(), upsert));
    }
    BulkWriteOptions ordered = new BulkWriteOptions().ordered(true);
    try {
      if (transactions) {
        try (ClientSession session = client.startSession(ClientSessionOptions.builder().build())) {
          session.withTransaction(() -> collection.bulkWrite(session, models, ordered),
              TransactionOptions.builder().readConcern(ReadConcern.MAJORITY).writeConcern(WriteConcern.MAJORITY).build());
        }
      } else {
        collection.bulkWrite(models, ordered);
      }
    } catch (MongoException e) {
      throw writeFailure("store " + models.size() + " traces", e);
    }
  }

  /** Encodes one trace; {@code index} is its place in a batch, or -1. */
  private TraceDocumentCodec.Encoded encode(FlowTrace trace, int index) {
    try {
      return TraceDocumentCodec.encode(trace, settings.compressionThreshold(), maxDocumentSize);
    } catch (TraceDocumentCodec.DocumentTooLargeException e) {
      throw new TraceWriteException((index >= 0 ? "Cannot store traces: element " + index + ": " : "")
          + e.getMessage() + ". Nothing was written.", e);
    } catch (RuntimeException e) {
      throw new TraceWriteException((index >= 0 ? "Cannot store traces: element " + index + ": " : "")
          + "cannot encode trace " + trace.traceId() + " as BSON: " + e.getMessage() + ". Nothing was written.", e);
    }
  }

  @Override
  public Optional<FlowTrace> get(TraceId traceId) {
    checkOpen();
    if (traceId == null) {
      throw new TraceQueryException("Cannot get a trace by a null id");
    }
    BsonDocument doc;
    try {
      doc = collection.find(Filters.eq(ID, traceId.toString())).first();
    } catch (MongoException e) {
      throw queryFailure("get trace " + traceId, e);
    }
    return Optional.ofNullable(doc).map(this::decode);
  }

  @Override
  public List<FlowTrace> query(TraceQuery query) {
    checkOpen();
    TraceQuery q = query == null ? TraceQuery.all() : query;
    if (q.limit() != null && q.limit() == 0) {
      return List.of(); // MongoDB reads limit(0) as "no limit".
    }
    List<FlowTrace> out = new ArrayList<>();
    try {
      for (BsonDocument doc : find(q)) {
        out.add(decode(doc));
      }
    } catch (MongoException e) {
      throw queryFailure("query traces", e);
    }
    return out;
  }

  /** Documents per round trip of a stream's cursor: a few MB of traces at most. */
  private static final int STREAM_BATCH_SIZE = 256;

  /**
   * Read from a cursor fetching {@value #STREAM_BATCH_SIZE} documents per round trip, closed
   * (and killed on the server) when the stream is closed or exhausted.
   */
  @Override
  public Stream<FlowTrace> stream(TraceQuery query) {
    checkOpen();
    Objects.requireNonNull(query, "query");
    if (query.limit() != null && query.limit() == 0) {
      return Stream.empty();
    }
    MongoCursor<BsonDocument> cursor;
    try {
      cursor = find(query).batchSize(STREAM_BATCH_SIZE).iterator();
    } catch (MongoException e) {
      throw queryFailure("stream traces", e);
    }
    Iterator<FlowTrace> traces = new Iterator<>() {
      @Override
      public boolean hasNext() {
        return cursor.hasNext();
      }

      @Override
      public FlowTrace next() {
        return decode(cursor.next());
      }
    };
    return CursorStreams.of(traces, cursor::close, e -> e instanceof TraceStorageException t ? t
        : e instanceof MongoException m ? queryFailure("stream traces", m)
        : new TraceQueryException("Could not stream traces from " + collection.getNamespace().getFullName()
            + ": " + e.getMessage(), e));
  }

  @Override
  public long count(TraceQuery query) {
    checkOpen();
    Objects.requireNonNull(query, "query");
    try {
      return collection.countDocuments(filter(query), new CountOptions().collation(MongoIndexes.SIMPLE));
    } catch (MongoException e) {
      throw queryFailure("count traces", e);
    }
  }

  /** The query's documents in the normative order, paged by its offset and limit. */
  private FindIterable<BsonDocument> find(TraceQuery q) {
    var find = collection.find(filter(q))
        .sort(Sorts.orderBy(Sorts.descending(START_US), Sorts.ascending(ID)))
        .collation(MongoIndexes.SIMPLE);
    if (q.offset() != null && q.offset() > 0) {
      find = find.skip(q.offset());
    }
    if (q.limit() != null) {
      find = find.limit(q.limit());
    }
    return find;
  }

  /**
   * The query as a filter of typed values: user text only ever appears as a string operand or as
   * an escaped regex, never as a field name or operator.
   */
  static Bson filter(TraceQuery q) {
    List<Bson> filters = new ArrayList<>();
    if (q.flowId() != null) {
      filters.add(Filters.eq(FLOW_ID, new BsonString(q.flowId().value())));
    }
    if (q.executionId() != null) {
      filters.add(Filters.eq(EXECUTION_ID, new BsonString(q.executionId().toString())));
    }
    if (q.from() != null) {
      filters.add(Filters.gte(START_US, q.fromMicros()));
    }
    if (q.to() != null) {
      filters.add(Filters.lte(START_US, q.toMicros()));
    }
    if (q.after() != null) {
      // Keyset: strictly after the position in (start DESC, _id ASC); ids compare as binary
      // strings under the simple collation every read uses.
      long t = q.after().startTimeMicros();
      filters.add(Filters.lte(START_US, t));
      filters.add(Filters.or(Filters.lt(START_US, t), Filters.gt(ID, new BsonString(q.after().traceId().toString()))));
    }
    if (q.status() != null) {
      filters.add(Filters.eq(STATUS, new BsonString(q.statusKind().variantName())));
    }
    if (q.actorFilter() != null) {
      // {$in: [regex]} tests each actor id on its own and never matches a trace without events
      // (the reference semantics for ""). A bare regex on an array field is equivalent on
      // MongoDB, but the in-process test server also matches it against the whole array's text.
      filters.add(Filters.in(ACTORS, new BsonRegularExpression(LiteralRegex.escape(q.actorFilter()))));
    }
    return filters.isEmpty() ? Filters.empty() : Filters.and(filters);
  }

  @Override
  public boolean delete(TraceId traceId) {
    checkOpen();
    if (traceId == null) {
      throw new TraceWriteException("Cannot delete a trace by a null id");
    }
    try {
      return collection.deleteOne(Filters.eq(ID, traceId.toString())).getDeletedCount() > 0;
    } catch (MongoException e) {
      throw writeFailure("delete trace " + traceId, e);
    }
  }

  @Override
  public long deleteOlderThan(Instant cutoff) {
    checkOpen();
    if (cutoff == null) {
      throw new TraceWriteException("Cannot delete traces older than a null cutoff");
    }
    long micros = Timestamp.of(cutoff).epochMicros();
    try {
      return collection.deleteMany(Filters.lt(START_US, micros)).getDeletedCount();
    } catch (MongoException e) {
      throw writeFailure("delete traces older than " + cutoff, e);
    }
  }

  @Override
  public StorageStats stats() {
    checkOpen();
    try {
      BsonDocument totals = collection.aggregate(List.of(Aggregates.group(null,
              Accumulators.sum("traces", 1),
              Accumulators.sum("events", "$" + EVENT_COUNT),
              Accumulators.sum("bytes", "$" + SIZE),
              Accumulators.min("oldest", "$" + START_US),
              Accumulators.max("newest", "$" + START_US))))
          .first();
      if (totals == null) {
        return new StorageStats(0, 0, 0, null, null, details("documents"));
      }
      long traces = number(totals.get("traces"));
      long events = number(totals.get("events"));
      long size = number(totals.get("bytes"));
      String sizeSource = "documents";
      Long collSize = collStatsSize();
      if (collSize != null) {
        size = collSize;
        sizeSource = "collStats";
      }
      return new StorageStats(traces, events, size, micros(totals.get("oldest")), micros(totals.get("newest")),
          details(sizeSource));
    } catch (MongoException e) {
      throw queryFailure("read storage statistics", e);
    }
  }

  /** The collection's data size from {@code collStats}, or null when the server has no such command. */
  private Long collStatsSize() {
    try {
      BsonDocument stats = database.runCommand(
          new BsonDocument("collStats", new BsonString(settings.collectionName())), BsonDocument.class);
      BsonValue size = stats.get("size");
      return size != null && size.isNumber() ? size.asNumber().longValue() : null;
    } catch (MongoException e) {
      return null;
    }
  }

  private Map<String, String> details(String sizeSource) {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("database", settings.databaseName());
    d.put("collection", settings.collectionName());
    d.put("ttl_seconds", settings.ttl() == null ? "none" : Long.toString(settings.ttl().getSeconds()));
    d.put("transactions", Boolean.toString(transactions));
    d.put("size_source", sizeSource);
    return d;
  }

  private static long number(BsonValue v) {
    return v == null || !v.isNumber() ? 0 : v.asNumber().longValue();
  }

  private static Instant micros(BsonValue v) {
    if (v == null || !v.isNumber()) {
      return null;
    }
    long us = v.asNumber().longValue();
    return Instant.ofEpochSecond(Math.floorDiv(us, 1_000_000L), Math.floorMod(us, 1_000_000L) * 1000L);
  }

  private FlowTrace decode(BsonDocument doc) {
    try {
      return TraceDocumentCodec.decode(doc);
    } catch (CorruptDocumentException e) {
      BsonValue id = doc.get(ID);
      throw new TraceQueryException("Stored trace " + (id != null && id.isString() ? id.asString().getValue() : id)
          + " in " + collection.getNamespace().getFullName() + " cannot be read: " + e.getMessage(), e);
    }
  }

  private TraceStorageException writeFailure(String what, MongoException e) {
    if (isConnectionProblem(e)) {
      return new StorageConnectionException("Could not " + what + ": lost MongoDB at " + settings.redactedUrl()
          + ": " + MongoSettings.redact(e.getMessage()), MongoSettings.safeCause(e));
    }
    return new TraceWriteException("Could not " + what + " in " + collection.getNamespace().getFullName() + ": "
        + MongoSettings.redact(e.getMessage()), MongoSettings.safeCause(e));
  }

  private TraceStorageException queryFailure(String what, MongoException e) {
    if (isConnectionProblem(e)) {
      return new StorageConnectionException("Could not " + what + ": lost MongoDB at " + settings.redactedUrl()
          + ": " + MongoSettings.redact(e.getMessage()), MongoSettings.safeCause(e));
    }
    return new TraceQueryException("Could not " + what + " in " + collection.getNamespace().getFullName() + ": "
        + MongoSettings.redact(e.getMessage()), MongoSettings.safeCause(e));
  }

  private static boolean isConnectionProblem(MongoException e) {
    return e instanceof MongoTimeoutException || e instanceof MongoSocketException || e instanceof MongoSecurityException;
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new StorageClosedException(NAME);
    }
  }

  @Override
  public String backendName() {
    return NAME;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      client.close();
    }
  }

  @Override
  public String toString() {
    return "MongoStorage[" + settings.redactedUrl() + ", " + settings.databaseName() + "." + settings.collectionName() + "]";
  }
}
