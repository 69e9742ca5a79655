package dev.reflow.trace.storage.mongodb.internal;

import static dev.reflow.trace.storage.mongodb.internal.TraceDocumentCodec.ACTORS;
import static dev.reflow.trace.storage.mongodb.internal.TraceDocumentCodec.EXECUTION_ID;
import static dev.reflow.trace.storage.mongodb.internal.TraceDocumentCodec.FLOW_ID;
import static dev.reflow.trace.storage.mongodb.internal.TraceDocumentCodec.ID;
import static dev.reflow.trace.storage.mongodb.internal.TraceDocumentCodec.START_US;
import static dev.reflow.trace.storage.mongodb.internal.TraceDocumentCodec.STATUS;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.reflow.trace.storage.TraceQuery;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonRegularExpression;
import org.bson.BsonString;
import org.bson.conversions.Bson;

/** A {@link TraceQuery} as a MongoDB filter and sort. */
public final class MongoFilters {
  /** The normative order: start time descending, then trace id ascending (binary, as {@code _id} strings). */
  public static final Bson ORDER = Sorts.orderBy(Sorts.descending(START_US), Sorts.ascending(ID));

  private MongoFilters() {}

  /**
   * The query as a filter of typed values: user text only ever appears as a string operand or as
   * an escaped regex, never as a field name or operator. Run it with {@link MongoIndexes#SIMPLE}.
   */
  public static Bson filter(TraceQuery q) {
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
}
