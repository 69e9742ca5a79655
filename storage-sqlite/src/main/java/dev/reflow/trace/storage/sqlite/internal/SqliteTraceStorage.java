package dev.reflow.trace.storage.sqlite.internal;

import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.Timestamp;
import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.storage.StorageStats;
import dev.reflow.trace.storage.TraceQuery;
import dev.reflow.trace.storage.TraceQueryException;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.TraceStorageException;
import dev.reflow.trace.storage.spi.TraceBatches;
import dev.reflow.trace.storage.spi.TraceDocuments;
import dev.reflow.trace.storage.sqlite.SqliteSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Iterator;
import java.util.function.Function;
import java.util.stream.Stream;
import dev.reflow.trace.storage.StoredTrace;
import dev.reflow.trace.storage.spi.CursorStreams;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.result.ResultIterator;

/**
 * Traces in one SQLite file. Write-through: {@code store}, {@code storeAll}, {@code delete} and
 * {@code deleteOlderThan} return after their transaction committed, and a later call on any
 * thread sees the result. Thread-safe; writes queue on one writer connection, reads use a small
 * pool (see {@code SqliteConnections}).
 */
public final class SqliteTraceStorage implements TraceStorage {
  private final SqliteSettings settings;
  private final SqliteErrors errors;
  private final SqliteConnections connections;
  private final String schemaVersion;

  private SqliteTraceStorage(SqliteSettings settings, SqliteErrors errors, SqliteConnections connections,
      String schemaVersion) {
    this.settings = settings;
    this.errors = errors;
    this.connections = connections;
    this.schemaVersion = schemaVersion;
  }

  /**
   * Opens (creating when missing) the database and brings its schema up to date.
   *
   * @throws dev.reflow.trace.storage.StorageConnectionException when the file cannot be created,
   *     opened or migrated
   */
  public static SqliteTraceStorage open(SqliteSettings settings) {
    SqliteErrors errors = new SqliteErrors(settings.databasePath(),
        "storage.sqlite." + SqliteSettings.BUSY_TIMEOUT_MS, settings.busyTimeoutMs());
    SqliteConnections connections = SqliteConnections.open(settings, errors);
    try {
      String version = settings.readOnly() ? SchemaMigrator.current(connections) : SchemaMigrator.migrate(connections);
      return new SqliteTraceStorage(settings, errors, connections, version);
    } catch (dev.reflow.trace.storage.TraceStorageException e) {
      connections.close();
      throw e;
    } catch (RuntimeException e) {
      connections.close();
      throw errors.connection("Could not create or migrate the schema", e);
    }
  }

  @Override
  public void store(FlowTrace trace) {
    Objects.requireNonNull(trace, "trace");
    connections.ensureOpen();
    TraceRow row = TraceRow.of(trace, settings.compressionThreshold());
    try {
      connections.inWriteTransaction(h -> {
        TraceSql.upsert(h, List.of(row));
        return null;
      });
    } catch (RuntimeException e) {
      throw errors.write("Could not store trace " + row.traceId(), e);
    }
  }

  @Override
  public void storeAll(Collection<FlowTrace> traces) {
    Objects.requireNonNull(traces, "traces");
    connections.ensureOpen();
    write(TraceBatches.lastPerId(traces, (trace, index) -> TraceRow.of(trace, settings.compressionThreshold())));
  }

  /**
   * The given bytes, checked and compressed as {@code storeAll} would store them (a zstd frame the
   * source read them from is stored as it is); never parsed.
   */
  @Override
  public void storeAllJson(Collection<StoredTrace> traces) {
    Objects.requireNonNull(traces, "traces");
    connections.ensureOpen();
    write(TraceBatches.lastPerIdJson(traces, (indexed, stored, index) ->
        TraceRow.of(indexed, TraceDocuments.encodeJson(stored, settings.compressionThreshold()))));
  }

  /** One write transaction for the rows of a batch, all or none. */
  private void write(List<TraceRow> rows) {
    if (rows.isEmpty()) {
      return;
    }
    try {
      connections.inWriteTransaction(h -> {
        TraceSql.upsert(h, rows);
        return null;
      });
    } catch (RuntimeException e) {
      throw errors.write("Could not store a batch of " + rows.size() + " traces "
          + describe(rows.stream().map(TraceRow::traceId).toList()) + ", none of them stored", e);
    }
  }

  private static String describe(Collection<String> ids) {
    List<String> shown = new ArrayList<>();
    for (String id : ids) {
      if (shown.size() == 3) {
        break;
      }
      shown.add(id);
    }
    int more = ids.size() - shown.size();
    return "[" + String.join(", ", shown) + (more > 0 ? " and " + more + " more" : "") + "]";
  }

  @Override
  public Optional<FlowTrace> get(TraceId traceId) {
    return selectDocument(traceId).map(SqliteTraceStorage::decode);
  }

  /** The stored JSON, decompressed but never parsed. */
  @Override
  public Optional<byte[]> getJson(TraceId traceId) {
    return selectDocument(traceId).map(SqliteTraceStorage::decodeJson);
  }

  private Optional<StoredDocument> selectDocument(TraceId traceId) {
    Objects.requireNonNull(traceId, "traceId");
    String id = traceId.toString();
    try {
      return connections.readJdbc(c -> TraceSql.select(connections.prepared(c, TraceSql.SELECT_DOC), id));
    } catch (RuntimeException e) {
      throw errors.query("Could not read trace " + id, e);
    }
  }

  @Override
  public List<FlowTrace> query(TraceQuery query) {
    Objects.requireNonNull(query, "query");
    connections.ensureOpen();
    // TraceQuery refuses filters with an unpaired surrogate, so every filter has a UTF-8 form and
    // runs in SQL.
    return decodeAll(select(query));
  }

  /** Read from a cursor on a reader connection, held until the stream is closed or exhausted. */
  @Override
  public Stream<FlowTrace> stream(TraceQuery query) {
    return streamRows(query, row -> decode(row.document()), TraceStorage.super::stream);
  }

  /** The stored JSON, decompressed but never parsed, from a cursor as {@link #stream}. */
  @Override
  public Stream<StoredTrace> streamJson(TraceQuery query) {
    return streamRows(query, SqliteTraceStorage::storedTrace, TraceStorage.super::streamJson);
  }

  private <T> Stream<T> streamRows(TraceQuery query, Function<TraceSql.StreamedRow, T> map,
      Function<TraceQuery, Stream<T>> pages) {
    Objects.requireNonNull(query, "query");
    connections.ensureOpen();
    // In memory the only connection is the writer's, and with a rollback journal an open read
    // blocks writers: a cursor held for the whole stream would stall every store. Pages of
    // query hold a connection only per page.
    if (settings.inMemory() || settings.journalMode() != SqliteSettings.JournalMode.WAL) {
      return pages.apply(query);
    }
    String what = "Could not run query " + query;
    Handle handle;
    try {
      handle = connections.openReader();
    } catch (RuntimeException e) {
      throw errors.query(what, e);
    }
    try {
      ResultIterator<TraceSql.StreamedRow> rows = TraceSql.iterate(handle, query);
      Iterator<T> mapped = new Iterator<>() {
        @Override
        public boolean hasNext() {
          return rows.hasNext();
        }

        @Override
        public T next() {
          return map.apply(rows.next());
        }
      };
      return CursorStreams.of(mapped, () -> {
        try {
          rows.close();
        } finally {
          handle.close();
        }
      }, e -> e instanceof TraceStorageException t ? t : errors.query(what, e));
    } catch (RuntimeException e) {
      handle.close();
      throw errors.query(what, e);
    }
  }

  @Override
  public long count(TraceQuery query) {
    Objects.requireNonNull(query, "query");
    connections.ensureOpen();
    TraceSql.Statement s = TraceSql.countStatement(query);
    try {
      return connections.read(h -> {
        var q = h.createQuery(s.sql());
        s.bindings().forEach(q::bind);
        return q.mapTo(Long.class).one();
      });
    } catch (RuntimeException e) {
      throw errors.query("Could not count " + query, e);
    }
  }

  private List<StoredDocument> select(TraceQuery query) {
    try {
      return connections.read(h -> TraceSql.select(h, query));
    } catch (RuntimeException e) {
      throw errors.query("Could not run query " + query, e);
    }
  }

  private static List<FlowTrace> decodeAll(List<StoredDocument> docs) {
    List<FlowTrace> result = new ArrayList<>(docs.size());
    for (StoredDocument d : docs) {
      result.add(decode(d));
    }
    return result;
  }

  private static FlowTrace decode(StoredDocument doc) {
    try {
      return doc.decode();
    } catch (RuntimeException e) {
      throw undecodable(doc, e);
    }
  }

  private static byte[] decodeJson(StoredDocument doc) {
    try {
      return doc.json();
    } catch (RuntimeException e) {
      throw undecodable(doc, e);
    }
  }

  /** The JSON of a streamed row, with its zstd frame kept for a copy to another store. */
  private static StoredTrace storedTrace(TraceSql.StreamedRow row) {
    StoredDocument doc = row.document();
    try {
      return TraceDocuments.storedTrace(TraceId.parse(doc.traceId()), row.startTimeMicros(), doc.codec(), doc.doc());
    } catch (RuntimeException e) {
      throw undecodable(doc, e);
    }
  }

  private static TraceQueryException undecodable(StoredDocument doc, RuntimeException e) {
    return new TraceQueryException("Stored trace " + doc.traceId() + " (codec " + doc.codec()
        + ") could not be decoded: " + e.getMessage(), e);
  }

  @Override
  public boolean delete(TraceId traceId) {
    Objects.requireNonNull(traceId, "traceId");
    String id = traceId.toString();
    try {
      // trace_actors rows go with it (ON DELETE CASCADE, foreign keys are enforced).
      return connections.inWriteTransaction(h ->
          h.createUpdate(TraceSql.DELETE_TRACE_SQL).bind("trace_id", id).execute() > 0);
    } catch (RuntimeException e) {
      throw errors.write("Could not delete trace " + id, e);
    }
  }

  /**
   * Deletes in transactions of {@link TraceSql#RETENTION_BATCH_SIZE} traces, oldest first, each
   * followed by a passive WAL checkpoint: the journal a transaction needs stays one batch's pages
   * whatever the number of traces, so retention works where one big transaction would fail with
   * SQLITE_FULL (a nearly full disk), and other writers get the lock between batches. A failure
   * keeps the committed batches and says how many traces they held.
   */
  @Override
  public long deleteOlderThan(Instant cutoff) {
    Objects.requireNonNull(cutoff, "cutoff");
    long micros = Timestamp.of(cutoff).epochMicros();
    return TraceBatches.deleteInBatches(TraceSql.RETENTION_BATCH_SIZE, limit -> {
      try {
        return connections.withWriter((jdbi, connection) -> {
          long deleted = jdbi.inTransaction(h -> (long) h.createUpdate(TraceSql.DELETE_OLDER_BATCH_SQL)
              .bind("cutoff", micros).bind("limit", limit).execute());
          connections.checkpointAfterBatch(connection);
          return deleted;
        });
      } catch (RuntimeException e) {
        throw errors.write("Could not delete traces older than " + cutoff, e);
      }
    });
  }

  /**
   * {@code storageSizeBytes} is the main database file, {@code page_count * page_size} (the WAL
   * file, transient, is not counted); {@code details} adds the document bytes and journal mode.
   */
  @Override
  public StorageStats stats() {
    try {
      // One read transaction, so that the counts and the file facts describe the same snapshot.
      return connections.read(h -> h.inTransaction(tx -> {
        Map<String, Object> c = tx.createQuery(TraceSql.STATS_SQL).mapToMap().one();
        Map<String, Object> f = tx.createQuery(TraceSql.FILE_FACTS_SQL).mapToMap().one();
        long traces = num(c.get("traces"));
        long pageCount = num(f.get("page_count"));
        long pageSize = num(f.get("page_size"));
        Map<String, String> details = new LinkedHashMap<>();
        details.put("database_path", settings.databasePath());
        details.put("journal_mode", String.valueOf(f.get("journal_mode")));
        if (connections.immutable()) {
          details.put("opened", "read-only as an immutable file (its folder is not writable)");
        }
        details.put("synchronous", settings.synchronous().name());
        details.put("schema_version", schemaVersion);
        details.put("page_size", String.valueOf(pageSize));
        details.put("page_count", String.valueOf(pageCount));
        details.put("freelist_count", String.valueOf(num(f.get("freelist_count"))));
        details.put("document_bytes", String.valueOf(num(c.get("doc_bytes"))));
        details.put("json_bytes", String.valueOf(num(c.get("json_bytes"))));
        details.put("compressed_documents", String.valueOf(num(c.get("compressed"))));
        return new StorageStats(traces, num(c.get("events")), pageCount * pageSize,
            instant(c.get("oldest")), instant(c.get("newest")), details);
      }));
    } catch (TraceStorageException e) {
      throw e;
    } catch (RuntimeException e) {
      throw errors.query("Could not compute stats", e);
    }
  }

  private static long num(Object o) {
    return o == null ? 0 : ((Number) o).longValue();
  }

  private static Instant instant(Object micros) {
    return micros == null ? null : Timestamp.ofEpochMicros(((Number) micros).longValue()).toInstant();
  }

  @Override
  public String backendName() {
    return SqliteSettings.SECTION;
  }

  @Override
  public void close() {
    connections.close();
  }

  @Override
  public String toString() {
    return "SqliteTraceStorage[" + settings.databasePath() + "]";
  }
}
