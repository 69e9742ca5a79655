package dev.reflow.trace.storage.mongodb.internal;

import static dev.reflow.trace.storage.mongodb.internal.TraceDocumentCodec.ACTORS;
import static dev.reflow.trace.storage.mongodb.internal.TraceDocumentCodec.EXECUTION_ID;
import static dev.reflow.trace.storage.mongodb.internal.TraceDocumentCodec.FLOW_ID;
import static dev.reflow.trace.storage.mongodb.internal.TraceDocumentCodec.ID;
import static dev.reflow.trace.storage.mongodb.internal.TraceDocumentCodec.START_TIME;
import static dev.reflow.trace.storage.mongodb.internal.TraceDocumentCodec.START_US;
import static dev.reflow.trace.storage.mongodb.internal.TraceDocumentCodec.STATUS;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Collation;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collection's indexes. Every filter has an index led by its field and followed by the sort
 * order ({@code start_us} descending, {@code _id} ascending), so a filtered, paged query reads
 * only the entries it returns; the sort alone has its own. The TTL index follows
 * {@code storage.mongodb.ttl}: created, changed with {@code collMod}, or dropped when the key is
 * unset (dropping only stops expiry; it never deletes a trace).
 */
public final class MongoIndexes {
  /** The TTL index's name; only this index is ever changed or dropped. */
  public static final String TTL_INDEX = "start_time_ttl";

  /**
   * Binary comparison, whatever default collation the collection was created with: text filters
   * are case-sensitive and literal, and {@code _id} orders by bytes, which is the normative
   * trace-id order. Queries and the indexes that serve them must name the same collation.
   */
  public static final Collation SIMPLE = Collation.builder().locale("simple").build();

  private static final Logger LOG = LoggerFactory.getLogger(MongoIndexes.class);

  private MongoIndexes() {}

  /** The query indexes, named by MongoDB's default rule (e.g. {@code flow_id_1_start_us_-1__id_1}). */
  static List<IndexModel> queryIndexes() {
    Bson sort = Indexes.compoundIndex(Indexes.descending(START_US), Indexes.ascending(ID));
    IndexOptions simple = new IndexOptions().collation(SIMPLE);
    return List.of(
        new IndexModel(sort, simple),
        new IndexModel(Indexes.compoundIndex(Indexes.ascending(FLOW_ID), sort), simple),
        new IndexModel(Indexes.compoundIndex(Indexes.ascending(EXECUTION_ID), sort), simple),
        new IndexModel(Indexes.compoundIndex(Indexes.ascending(STATUS), sort), simple),
        // Multikey: one entry per distinct actor. A substring regex cannot seek, but scanning
        // these small keys beats scanning whole trace documents.
        new IndexModel(Indexes.compoundIndex(Indexes.ascending(ACTORS), sort), simple));
  }

  public static void ensure(MongoDatabase database, MongoCollection<BsonDocument> collection, Duration ttl) {
    collection.createIndexes(queryIndexes());
    Document existing = null;
    for (Document index : collection.listIndexes()) {
      if (TTL_INDEX.equals(index.getString("name"))) {
        existing = index;
      }
    }
    String ns = collection.getNamespace().getFullName();
    if (ttl == null) {
      if (existing != null) {
        collection.dropIndex(TTL_INDEX);
        LOG.info("Dropped TTL index {} on {} because storage.mongodb.ttl is not set; traces are kept until deleted",
            TTL_INDEX, ns);
      }
      return;
    }
    long seconds = ttl.getSeconds();
    if (existing == null) {
      collection.createIndex(Indexes.ascending(START_TIME),
          new IndexOptions().name(TTL_INDEX).expireAfter(seconds, TimeUnit.SECONDS));
      LOG.info("Created TTL index {} on {}: traces expire {} seconds after their start time", TTL_INDEX, ns, seconds);
      return;
    }
    Object current = existing.get("expireAfterSeconds");
    if (current instanceof Number n && n.longValue() == seconds) {
      return;
    }
    try {
      database.runCommand(new BsonDocument("collMod", new BsonString(collection.getNamespace().getCollectionName()))
          .append("index", new BsonDocument("name", new BsonString(TTL_INDEX))
              .append("expireAfterSeconds", new BsonInt32((int) seconds))));
    } catch (MongoCommandException e) {
      // Servers without collMod (such as in-process test servers) get the index rebuilt instead.
      collection.dropIndex(TTL_INDEX);
      collection.createIndex(Indexes.ascending(START_TIME),
          new IndexOptions().name(TTL_INDEX).expireAfter(seconds, TimeUnit.SECONDS));
    }
    LOG.info("Changed TTL index {} on {} from expireAfterSeconds={} to {}", TTL_INDEX, ns, current, seconds);
  }
}
