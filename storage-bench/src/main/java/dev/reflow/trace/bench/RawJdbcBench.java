package dev.reflow.trace.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.reflow.trace.model.FlowTrace;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The baseline: the least work that stores and reads the same bytes with the raw driver. One
 * prepared insert of the pre-serialized document and the same filter columns (indexed as our
 * backends index them, so that the same queries could be answered), batched in one transaction;
 * a primary-key select in auto-commit returning the document bytes (no decoding). No actor
 * table or column: the raw driver gets the actor filter for free.
 *
 * <p>{@link #getParsed} is the fair limit for our {@code get}, which returns a parsed trace: the
 * same select plus Jackson's streaming parse of the bytes, every name, string and number read
 * into a Java value, no model built. No decoder of the document can do less and yield a trace.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RawJdbcBench {
  @Param({"sqlite", "postgres"})
  public String backend;

  @Param({"10000"})
  public int preload;

  private static final JsonFactory JSON = new JsonFactory();

  private Connection connection;
  private Connection reader;
  private PreparedStatement insert;
  private PreparedStatement select;
  private List<FlowTrace> stored;
  private List<byte[]> storedJson;
  private long counter;
  private int cursor;

  @Setup(Level.Trial)
  public void open() throws SQLException {
    boolean pg = backend.equals("postgres");
    String rawUrl = pg ? Servers.postgresJdbcUrl() : "jdbc:sqlite:" + Backends.tempDir().resolve("raw.db");
    connection = DriverManager.getConnection(rawUrl);
    try (Statement s = connection.createStatement()) {
      if (!pg) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=NORMAL");
      }
      s.execute("DROP TABLE IF EXISTS raw_traces");
      s.execute("CREATE TABLE raw_traces (trace_id " + (pg ? "uuid" : "text") + " PRIMARY KEY, flow_id text NOT NULL, "
          + "execution_id text NOT NULL, status text NOT NULL, start_time bigint NOT NULL, end_time bigint, "
          + "event_count integer NOT NULL, size integer NOT NULL, doc " + (pg ? "bytea" : "blob") + " NOT NULL)");
      s.execute("CREATE INDEX raw_flow ON raw_traces (flow_id, start_time DESC, trace_id)");
      s.execute("CREATE INDEX raw_start ON raw_traces (start_time DESC, trace_id)");
      s.execute("CREATE INDEX raw_execution ON raw_traces (execution_id, start_time DESC, trace_id)");
      s.execute("CREATE INDEX raw_status ON raw_traces (status, start_time DESC, trace_id)");
    }
    connection.setAutoCommit(false);
    insert = connection.prepareStatement("INSERT INTO raw_traces VALUES (?,?,?,?,?,?,?,?,?)");
    // Reads on their own auto-commit connection, as an application's read path would run.
    reader = DriverManager.getConnection(rawUrl);
    select = reader.prepareStatement("SELECT doc FROM raw_traces WHERE trace_id = ?");
    stored = BenchData.traces(preload);
    storedJson = BenchData.json(stored);
    for (int i = 0; i < stored.size(); i += BackendBench.BATCH) {
      insertBatch(i, false);
    }
  }

  @TearDown(Level.Trial)
  public void close() throws SQLException {
    reader.close();
    connection.close();
  }

  private void insertBatch(int from, boolean freshIds) throws SQLException {
    boolean pg = backend.equals("postgres");
    for (int i = from; i < Math.min(stored.size(), from + BackendBench.BATCH); i++) {
      FlowTrace t = freshIds ? BenchData.withFreshId(stored.get(i), ++counter) : stored.get(i);
      byte[] doc = storedJson.get(i);
      if (pg) {
        insert.setObject(1, t.traceId().value());
      } else {
        insert.setString(1, t.traceId().toString());
      }
      insert.setString(2, t.flowId().value());
      insert.setString(3, t.executionId().toString());
      insert.setString(4, t.status().variantName());
      insert.setLong(5, t.startTime().epochMicros());
      if (t.endTime() == null) {
        insert.setNull(6, java.sql.Types.BIGINT);
      } else {
        insert.setLong(6, t.endTime().epochMicros());
      }
      insert.setInt(7, t.events().size());
      insert.setInt(8, doc.length);
      insert.setBytes(9, doc);
      insert.addBatch();
    }
    insert.executeBatch();
    connection.commit();
  }

  @Benchmark
  public void storeAll1000() throws SQLException {
    insertBatch(0, true);
  }

  @Benchmark
  public byte[] getById() throws SQLException {
    return select();
  }

  /** The select, then every token of the document read into a value: the floor of a parsing get. */
  @Benchmark
  public long getParsed() throws SQLException, IOException {
    return parseEveryToken(select());
  }

  /** Jackson's streaming parse of a document: every name, string and number read into a value. */
  static long parseEveryToken(byte[] doc) throws IOException {
    long hash = 0;
    try (JsonParser p = JSON.createParser(doc)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        hash = 31 * hash + switch (t) {
          case FIELD_NAME -> p.currentName().hashCode();
          case VALUE_STRING -> p.getText().hashCode();
          case VALUE_NUMBER_INT -> Long.hashCode(p.getLongValue());
          case VALUE_NUMBER_FLOAT -> Double.hashCode(p.getDoubleValue());
          default -> t.ordinal();
        };
      }
    }
    return hash;
  }

  private byte[] select() throws SQLException {
    cursor = (cursor + 7919) % stored.size();
    FlowTrace t = stored.get(cursor);
    if (backend.equals("postgres")) {
      select.setObject(1, t.traceId().value());
    } else {
      select.setString(1, t.traceId().toString());
    }
    try (ResultSet rs = select.executeQuery()) {
      return rs.next() ? rs.getBytes(1) : null;
    }
  }
}
