package dev.reflow.trace.bench;

import dev.reflow.trace.storage.spi.TraceDocuments;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
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

/**
 * Whole-store moves on the scale data sets ({@link ScaleData}), one shot per iteration, each beside
 * its raw-driver floor in the same run:
 * <ul>
 *   <li>{@code export}: {@code reflow-trace export --output FILE} in this JVM, against
 *       {@code rawRead}: plain JDBC reading the same rows in the same order and decompressing the
 *       same documents (the bytes export writes), without writing them anywhere; on PostgreSQL
 *       also {@code rawReadBinary}, the same with the rows in binary format, as our streams read.
 *   <li>{@code migrate} (SQLite to PostgreSQL, {@code --verify none}: the copy alone) against the
 *       slower of {@code rawRead} on SQLite and {@code rawWrite}: plain JDBC batched inserts of the
 *       same number of rows (the destination's columns, stored documents taken from the source) in
 *       transactions of the same size, into an indexed table like ours.
 * </ul>
 * The destination schema is dropped before every iteration, so each copies everything, and every
 * trial starts with the data set in the OS page cache ({@link #warmPageCache}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StreamingBench {
  static final int MIGRATE_BATCH = 500;
  private static final String TARGET_SCHEMA = "migrate_target";

  @Param({"1000000"})
  public int traces;

  @Param({"sqlite", "postgres"})
  public String backend;

  @Setup(Level.Trial)
  public void open() throws IOException, SQLException {
    ScaleData.ensure(backend, traces);
    warmPageCache(backend, traces);
  }

  /**
   * Reads the data set once so that every trial starts with it in the OS page cache: one shot per
   * trial, and the first trial of a run otherwise read a million traces from disk while those after
   * it found them cached (measured on 100,000 traces: a raw read from a cold SQLite file took 6 to
   * 9 s longer than the same read warm). The PostgreSQL server's own buffers start cold in every
   * fork alike.
   */
  static void warmPageCache(String backend, int traces) throws IOException, SQLException {
    if (backend.equals("sqlite")) {
      byte[] buffer = new byte[1 << 20];
      for (String suffix : List.of("", "-wal")) {
        Path file = Path.of(ScaleData.sqliteFile(traces) + suffix);
        if (java.nio.file.Files.exists(file)) {
          try (var in = java.nio.file.Files.newInputStream(file)) {
            while (in.read(buffer) >= 0) {
              // read only to load the pages
            }
          }
        }
      }
      return;
    }
    try (Connection c = DriverManager.getConnection(ScaleData.postgresUrl()); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT sum(length(doc)) FROM " + ScaleData.postgresSchema(traces) + ".traces")) {
      rs.next();
    }
  }

  @Setup(Level.Iteration)
  public void dropTarget() throws SQLException {
    try (Connection c = DriverManager.getConnection(ScaleData.postgresUrl()); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + TARGET_SCHEMA + " CASCADE");
    }
  }

  /** The configured source, as {@code -D} options of the command line. */
  private List<String> source() {
    return ScaleData.cliOptions(backend, traces);
  }

  @Benchmark
  public int export() {
    return run(concat(source(), List.of("export", "--output", "-")));
  }

  @Benchmark
  public long rawRead() throws SQLException {
    return rawRead(backend, traces, false);
  }

  /**
   * PostgreSQL only: {@code rawRead} with the rows in binary format (the driver's forced binary
   * transfer, as the backend's streams ask for it), where the text format makes the server write
   * every {@code bytea} document as hex. The driver's best, shown beside the plain read.
   */
  @Benchmark
  public long rawReadBinary() throws SQLException {
    if (!backend.equals("postgres")) {
      return 0;
    }
    return rawRead(backend, traces, true);
  }

  /** SQLite to PostgreSQL only: the other {@code backend} value runs nothing. */
  @Benchmark
  public int migrate() {
    if (!backend.equals("sqlite")) {
      return 0;
    }
    return run(concat(source(), List.of("migrate", "--verify", "none", "--batch", Integer.toString(MIGRATE_BATCH),
        "--to", "storage.backend=postgres", "--to", "storage.postgres.connection_url=" + ScaleData.postgresUrl(),
        "--to", "storage.postgres.schema=" + TARGET_SCHEMA)));
  }

  /** PostgreSQL only (the migration's destination). */
  @Benchmark
  public long rawWrite() throws SQLException {
    if (!backend.equals("postgres")) {
      return 0;
    }
    return rawWrite(traces);
  }

  /**
   * Every row's stored document, decompressed, in the normative order; the bytes read.
   * {@code binary}: PostgreSQL sends the rows in binary format.
   */
  static long rawRead(String backend, int traces, boolean binary) throws SQLException {
    boolean pg = backend.equals("postgres");
    String url = pg ? ScaleData.postgresUrl() : "jdbc:sqlite:" + ScaleData.sqliteFile(traces);
    long bytes = 0;
    try (Connection c = DriverManager.getConnection(url)) {
      String table = "traces";
      if (pg) {
        c.setAutoCommit(false); // a server-side cursor needs a transaction
        table = ScaleData.postgresSchema(traces) + ".traces";
      }
      try (PreparedStatement st = c.prepareStatement(
          "SELECT trace_id, codec, doc FROM " + table + " ORDER BY start_time DESC, trace_id ASC")) {
        st.setFetchSize(256);
        if (binary) {
          st.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(-1);
        }
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            rs.getString(1);
            bytes += TraceDocuments.decodeJson(rs.getString(2), rs.getBytes(3)).length + 1;
          }
        }
      }
      if (pg) {
        c.commit();
      }
    }
    return bytes;
  }

  /**
   * {@code traces} rows into a fresh table with the destination's columns and indexes (the
   * PostgreSQL backend's: four btree indexes, the flow id prefix index and, where pg_trgm exists,
   * the trigram GIN index on the actors column), in batches of {@link #MIGRATE_BATCH} per
   * transaction. The rows cycle through the first thousand of the PostgreSQL data set as stored
   * (documents, flow ids, actors columns: what a copy writes), each with a fresh id and start time.
   * Until 2026-12-02 the floor left out the prefix and trigram indexes and wrote one short actors
   * value for every row, which made it cheaper than writing the destination's table can be.
   */
  static long rawWrite(int traces) throws SQLException {
    record Row(String flowId, String status, int eventCount, long size, String actors, String codec, byte[] doc) {}
    List<Row> rows = new java.util.ArrayList<>();
    try (Connection c = DriverManager.getConnection(ScaleData.postgresUrl());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT flow_id, status, event_count, size_bytes, actors, codec, doc FROM "
            + ScaleData.postgresSchema(traces) + ".traces LIMIT 1000")) {
      while (rs.next()) {
        rows.add(new Row(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getLong(4), rs.getString(5),
            rs.getString(6), rs.getBytes(7)));
      }
    }
    long bytes = 0;
    try (Connection c = DriverManager.getConnection(ScaleData.postgresUrl())) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE SCHEMA " + TARGET_SCHEMA);
        s.execute("CREATE TABLE " + TARGET_SCHEMA + ".raw_traces (trace_id uuid PRIMARY KEY, flow_id text NOT NULL,"
            + " execution_id uuid NOT NULL, start_time timestamptz NOT NULL, end_time timestamptz, status text NOT NULL,"
            + " event_count integer NOT NULL, size_bytes bigint NOT NULL, actors text NOT NULL, codec text NOT NULL,"
            + " doc bytea NOT NULL)");
        s.execute("CREATE INDEX ON " + TARGET_SCHEMA + ".raw_traces (start_time DESC, trace_id)");
        s.execute("CREATE INDEX ON " + TARGET_SCHEMA + ".raw_traces (flow_id, start_time DESC, trace_id)");
        s.execute("CREATE INDEX ON " + TARGET_SCHEMA + ".raw_traces (execution_id, start_time DESC, trace_id)");
        s.execute("CREATE INDEX ON " + TARGET_SCHEMA + ".raw_traces (status, start_time DESC, trace_id)");
        s.execute("CREATE INDEX ON " + TARGET_SCHEMA + ".raw_traces (left(flow_id, 256), start_time DESC, trace_id)");
        try {
          s.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm"); // as the destination does when it opens
        } catch (SQLException e) {
          // not installed on this server: the destination has no trigram index either
        }
        try (ResultSet rs = s.executeQuery("SELECT extnamespace::regnamespace::text FROM pg_extension"
            + " WHERE extname = 'pg_trgm'")) {
          if (rs.next()) {
            String ops = "\"" + rs.getString(1) + "\".gin_trgm_ops";
            s.execute("CREATE INDEX ON " + TARGET_SCHEMA + ".raw_traces USING gin (actors " + ops + ")");
          }
        }
      }
      c.setAutoCommit(false);
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + TARGET_SCHEMA
          + ".raw_traces VALUES (?, ?, ?, to_timestamp(? / 1e6), to_timestamp(? / 1e6), ?, ?, ?, ?, ?, ?)")) {
        long start = 1_700_000_000_000_000L;
        for (int i = 0; i < traces; i++) {
          Row row = rows.get(i % rows.size());
          insert.setObject(1, new UUID(0x5eed_0000_0000_4000L | (i >>> 16), 0x8000_0000_0000_0000L | i));
          insert.setString(2, row.flowId());
          insert.setObject(3, new UUID(i, i));
          insert.setLong(4, start + i * 1000L);
          insert.setLong(5, start + i * 1000L + 500);
          insert.setString(6, row.status());
          insert.setInt(7, row.eventCount());
          insert.setLong(8, row.size());
          insert.setString(9, row.actors());
          insert.setString(10, row.codec());
          insert.setBytes(11, row.doc());
          insert.addBatch();
          bytes += row.doc().length;
          if ((i + 1) % MIGRATE_BATCH == 0 || i == traces - 1) {
            insert.executeBatch();
            c.commit();
          }
        }
      }
    }
    return bytes;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new java.util.ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /**
   * Runs {@code java -jar reflow-trace.jar ARGS} as a user would (a child JVM: its start-up, about a
   * second, is part of the figure), its output discarded; fails the benchmark on a failure. The jar
   * is {@code REFLOW_TRACE_JAR}, else storage-cli's build output under the working directory.
   */
  static int run(List<String> args) {
    String jar = System.getenv().getOrDefault("REFLOW_TRACE_JAR", "storage-cli/target/reflow-trace.jar");
    List<String> cmd = CliJar.command(Path.of(jar), List.of(), args);
    try {
      Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      int status = p.waitFor();
      if (status != 0) {
        throw new IllegalStateException("reflow-trace " + args + " exited with " + status);
      }
      return status;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
