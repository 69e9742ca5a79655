package dev.reflow.trace.storage.mongodb.internal;

import static dev.reflow.trace.storage.mongodb.internal.TraceDocumentCodec.ID;
import static dev.reflow.trace.storage.mongodb.internal.TraceDocumentCodec.START_US;

import com.mongodb.MongoException;
import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.CountOptions;
import com.mongodb.client.model.Filters;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.Timestamp;
import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.storage.StorageClosedException;
import dev.reflow.trace.storage.StorageStats;
import dev.reflow.trace.storage.TraceQuery;
import dev.reflow.trace.storage.TraceQueryException;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.TraceStorageException;
import dev.reflow.trace.storage.mongodb.MongoSettings;
import dev.reflow.trace.storage.mongodb.MongoStorageProvider;
import dev.reflow.trace.storage.spi.CursorStreams;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Traces in one MongoDB collection, one document per trace (see {@code docs/storage/mongodb.md}
 * and {@link TraceDocumentCodec}). Thread-safe: the driver's client is. The work is split as in
 * the PostgreSQL backend: {@link MongoConnection} opens the client, {@link MongoWrites} writes,
 * {@link MongoFilters} builds queries, {@link MongoStats} counts, {@link MongoErrors} translates
 * failures; this class checks arguments and state and reads.
 */
public final class MongoTraceStorage implements TraceStorage {
  private final MongoConnection connection;
  private final MongoErrors errors;
  private final MongoWrites writes;
  private final AtomicBoolean closed = new AtomicBoolean();

  private MongoTraceStorage(MongoConnection connection) {
    this.connection = connection;
    this.errors = new MongoErrors(connection.settings());
    this.writes = new MongoWrites(connection, errors);
  }

  /**
   * Connects, checks the server answers, and creates the collection's indexes.
   *
   * @throws dev.reflow.trace.storage.StorageConnectionException when the server cannot be
   *     reached or refuses the login
   */
  public static MongoTraceStorage open(MongoSettings settings) {
    return new MongoTraceStorage(MongoConnection.open(settings));
  }

  /** {@link #open(MongoSettings)} whose client reports every command to {@code listener}; for tests. */
  static MongoTraceStorage open(MongoSettings settings, com.mongodb.event.CommandListener listener) {
    return new MongoTraceStorage(MongoConnection.open(settings, listener));
  }

  @Override
  public void store(FlowTrace trace) {
    Objects.requireNonNull(trace, "trace");
    checkOpen();
    writes.store(trace);
  }

  @Override
  public void storeAll(Collection<FlowTrace> traces) {
    Objects.requireNonNull(traces, "traces");
    checkOpen();
    writes.storeAll(traces);
  }

  @Override
  public Optional<FlowTrace> get(TraceId traceId) {
    Objects.requireNonNull(traceId, "traceId");
    checkOpen();
    TraceRead read;
    try {
      read = connection.traces().find(Filters.eq(ID, traceId.toString())).first();
    } catch (MongoException e) {
      throw errors.query("get trace " + traceId, e);
    }
    return Optional.ofNullable(read).map(this::trace);
  }

  @Override
  public List<FlowTrace> query(TraceQuery query) {
    Objects.requireNonNull(query, "query");
    checkOpen();
    if (query.limit() != null && query.limit() == 0) {
      return List.of(); // MongoDB reads limit(0) as "no limit".
    }
    List<FlowTrace> out = new ArrayList<>();
    try {
      for (TraceRead read : find(query)) {
        out.add(trace(read));
      }
    } catch (MongoException e) {
      throw errors.query("query traces", e);
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
    Objects.requireNonNull(query, "query");
    checkOpen();
    if (query.limit() != null && query.limit() == 0) {
      return Stream.empty();
    }
    MongoCursor<TraceRead> cursor;
    try {
      cursor = find(query).batchSize(STREAM_BATCH_SIZE).iterator();
    } catch (MongoException e) {
      throw errors.query("stream traces", e);
    }
    Iterator<FlowTrace> traces = new Iterator<>() {
      @Override
      public boolean hasNext() {
        return cursor.hasNext();
      }

      @Override
      public FlowTrace next() {
        return trace(cursor.next());
      }
    };
    return CursorStreams.of(traces, cursor::close, e -> e instanceof TraceStorageException t ? t
        : e instanceof MongoException m ? errors.query("stream traces", m)
        : new TraceQueryException("Could not stream traces from "
            + connection.collection().getNamespace().getFullName() + ": " + e.getMessage(), e));
  }

  @Override
  public long count(TraceQuery query) {
    Objects.requireNonNull(query, "query");
    checkOpen();
    try {
      return connection.collection().countDocuments(MongoFilters.filter(query),
          new CountOptions().collation(MongoIndexes.SIMPLE));
    } catch (MongoException e) {
      throw errors.query("count traces", e);
    }
  }

  /** The query's documents in the normative order, paged by its offset and limit. */
  private FindIterable<TraceRead> find(TraceQuery q) {
    var find = connection.traces().find(MongoFilters.filter(q))
        .sort(MongoFilters.ORDER)
        .collation(MongoIndexes.SIMPLE);
    if (q.offset() != null && q.offset() > 0) {
      find = find.skip(q.offset());
    }
    if (q.limit() != null) {
      find = find.limit(q.limit());
    }
    return find;
  }

  @Override
  public boolean delete(TraceId traceId) {
    Objects.requireNonNull(traceId, "traceId");
    checkOpen();
    try {
      return connection.collection().deleteOne(Filters.eq(ID, traceId.toString())).getDeletedCount() > 0;
    } catch (MongoException e) {
      throw errors.write("delete trace " + traceId, e);
    }
  }

  @Override
  public long deleteOlderThan(Instant cutoff) {
    Objects.requireNonNull(cutoff, "cutoff");
    checkOpen();
    long micros = Timestamp.of(cutoff).epochMicros();
    try {
      return connection.collection().deleteMany(Filters.lt(START_US, micros)).getDeletedCount();
    } catch (MongoException e) {
      throw errors.write("delete traces older than " + cutoff, e);
    }
  }

  @Override
  public StorageStats stats() {
    checkOpen();
    try {
      return MongoStats.read(connection);
    } catch (MongoException e) {
      throw errors.query("read storage statistics", e);
    }
  }

  private FlowTrace trace(TraceRead read) {
    if (read.error() != null) {
      throw errors.unreadable(read);
    }
    return read.trace();
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new StorageClosedException(MongoStorageProvider.NAME);
    }
  }

  @Override
  public String backendName() {
    return MongoStorageProvider.NAME;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      connection.client().close();
    }
  }

  @Override
  public String toString() {
    MongoSettings settings = connection.settings();
    return "MongoTraceStorage[" + settings.redactedUrl() + ", " + settings.databaseName() + "."
        + settings.collectionName() + "]";
  }
}
