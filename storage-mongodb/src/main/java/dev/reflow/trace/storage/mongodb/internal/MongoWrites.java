package dev.reflow.trace.storage.mongodb.internal;

import static dev.reflow.trace.storage.mongodb.internal.TraceDocumentCodec.ID;

import com.mongodb.ClientSessionOptions;
import com.mongodb.MongoException;
import com.mongodb.ReadConcern;
import com.mongodb.TransactionOptions;
import com.mongodb.WriteConcern;
import com.mongodb.client.ClientSession;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.DeleteManyModel;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.storage.TraceWriteException;
import dev.reflow.trace.storage.spi.TraceBatches;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.bson.BsonDocument;

/**
 * Upserts by {@code _id}. {@link #storeAll} encodes and checks every trace before sending
 * anything, then sends one ordered bulk write; on a replica set or sharded cluster that write
 * runs in a transaction (all or none), while a standalone server has no multi-document
 * transactions, so a server-side failure part-way (such as a lost connection) can leave the
 * earlier traces of the batch stored.
 */
final class MongoWrites {
  private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);

  private final MongoConnection connection;
  private final MongoErrors errors;

  MongoWrites(MongoConnection connection, MongoErrors errors) {
    this.connection = connection;
    this.errors = errors;
  }

  void store(FlowTrace trace) {
    TraceDocumentCodec.Encoded doc = encode(trace, -1);
    if (connection.replaceByDeleteInsert()) {
      write(List.of(doc), "store trace " + doc.id());
      return;
    }
    try {
      connection.collection().replaceOne(Filters.eq(ID, doc.id()), doc.document(), UPSERT);
    } catch (MongoException e) {
      throw errors.write("store trace " + doc.id(), e);
    }
  }

  void storeAll(Collection<FlowTrace> traces) {
    // Encode and check everything first: a bad element writes nothing. Later duplicates win,
    // as the ordered bulk write would make them, but only the last one is sent.
    List<TraceDocumentCodec.Encoded> docs = TraceBatches.lastPerId(traces, this::encode);
    if (docs.isEmpty()) {
      return;
    }
    write(docs, "store " + docs.size() + " traces");
  }

  /**
   * One ordered bulk write of the documents, in a transaction where there are transactions. Each
   * is an upsert by {@code _id}; with {@link MongoConnection#replaceByDeleteInsert()} it is a delete
   * by {@code _id} (on whichever shard the old copy lives) followed by an insert (routed by the new
   * flow id and start time), which only a transaction makes one replacement.
   */
  private void write(List<TraceDocumentCodec.Encoded> docs, String what) {
    boolean deleteInsert = connection.replaceByDeleteInsert();
    List<WriteModel<BsonDocument>> models = new ArrayList<>(docs.size() * (deleteInsert ? 2 : 1));
    for (TraceDocumentCodec.Encoded doc : docs) {
      if (deleteInsert) {
        models.add(new DeleteManyModel<>(Filters.eq(ID, doc.id())));
        models.add(new InsertOneModel<>(doc.document()));
      } else {
        models.add(new ReplaceOneModel<>(Filters.eq(ID, doc.id()), doc.document(), UPSERT));
      }
    }
    BulkWriteOptions ordered = new BulkWriteOptions().ordered(true);
    try {
      if (connection.transactions()) {
        try (ClientSession session = connection.client().startSession(ClientSessionOptions.builder().build())) {
          session.withTransaction(() -> connection.collection().bulkWrite(session, models, ordered),
              TransactionOptions.builder().readConcern(ReadConcern.MAJORITY).writeConcern(WriteConcern.MAJORITY).build());
        }
      } else {
        connection.collection().bulkWrite(models, ordered);
      }
    } catch (MongoException e) {
      throw errors.write(what, e);
    }
  }

  /** Encodes one trace; {@code index} is its place in a batch, or -1. */
  private TraceDocumentCodec.Encoded encode(FlowTrace trace, int index) {
    try {
      return TraceDocumentCodec.encode(trace, connection.settings().compressionThreshold(),
          connection.maxDocumentSize());
    } catch (TraceDocumentCodec.DocumentTooLargeException e) {
      throw new TraceWriteException((index >= 0 ? "Cannot store traces: element " + index + ": " : "")
          + e.getMessage() + ". Nothing was written.", e);
    } catch (RuntimeException e) {
      throw new TraceWriteException((index >= 0 ? "Cannot store traces: element " + index + ": " : "")
          + "cannot encode trace " + trace.traceId() + " as BSON: " + e.getMessage() + ". Nothing was written.", e);
    }
  }
}
