package dev.reflow.trace.storage.mongodb.internal;

import static dev.reflow.trace.storage.mongodb.internal.TraceDocumentCodec.EVENT_COUNT;
import static dev.reflow.trace.storage.mongodb.internal.TraceDocumentCodec.SIZE;
import static dev.reflow.trace.storage.mongodb.internal.TraceDocumentCodec.START_US;

import com.mongodb.MongoException;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import dev.reflow.trace.storage.StorageStats;
import dev.reflow.trace.storage.mongodb.MongoSettings;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;

/**
 * Counts and sizes in one aggregation; the size is the collection's from {@code collStats} where
 * the server has that command, else the sum of the readable trace sizes.
 */
final class MongoStats {
  private MongoStats() {}

  /** @throws MongoException when the aggregation fails */
  static StorageStats read(MongoConnection connection) {
    BsonDocument totals = connection.collection().aggregate(List.of(Aggregates.group(null,
            Accumulators.sum("traces", 1),
            Accumulators.sum("events", "$" + EVENT_COUNT),
            Accumulators.sum("bytes", "$" + SIZE),
            Accumulators.min("oldest", "$" + START_US),
            Accumulators.max("newest", "$" + START_US))))
        .first();
    if (totals == null) {
      return new StorageStats(0, 0, 0, null, null, details(connection, "documents"));
    }
    long traces = number(totals.get("traces"));
    long events = number(totals.get("events"));
    long size = number(totals.get("bytes"));
    String sizeSource = "documents";
    Long collSize = collStatsSize(connection);
    if (collSize != null) {
      size = collSize;
      sizeSource = "collStats";
    }
    return new StorageStats(traces, events, size, micros(totals.get("oldest")), micros(totals.get("newest")),
        details(connection, sizeSource));
  }

  /** The collection's data size from {@code collStats}, or null when the server has no such command. */
  private static Long collStatsSize(MongoConnection connection) {
    try {
      BsonDocument stats = connection.database().runCommand(
          new BsonDocument("collStats", new BsonString(connection.settings().collectionName())), BsonDocument.class);
      BsonValue size = stats.get("size");
      return size != null && size.isNumber() ? size.asNumber().longValue() : null;
    } catch (MongoException e) {
      return null;
    }
  }

  private static Map<String, String> details(MongoConnection connection, String sizeSource) {
    MongoSettings settings = connection.settings();
    Map<String, String> d = new LinkedHashMap<>();
    d.put("database", settings.databaseName());
    d.put("collection", settings.collectionName());
    d.put("ttl_seconds", settings.ttl() == null ? "none" : Long.toString(settings.ttl().getSeconds()));
    d.put("transactions", Boolean.toString(connection.transactions()));
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
}
