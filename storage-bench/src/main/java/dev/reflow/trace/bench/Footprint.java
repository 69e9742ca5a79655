package dev.reflow.trace.bench;

import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.TraceStorages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bytes per trace: heap in the memory backend, file size for SQLite, relation size for
 * PostgreSQL, each against the mean Reflow JSON size. Writes {@code key=value} lines for the report.
 * Usage: {@code Footprint <traces> <output file>}.
 */
public final class Footprint {
  private Footprint() {}

  public static void main(String[] args) throws Exception {
    int n = Integer.parseInt(args[0]);
    List<FlowTrace> traces = BenchData.traces(n);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("traces", n);
    out.put("json_bytes_per_trace", Math.round(BenchData.meanJsonBytes(BenchData.json(traces))));
    out.put("memory_heap_bytes_per_trace", memoryHeap(traces));
    out.put("sqlite_disk_bytes_per_trace", sqliteDisk(traces));
    out.put("postgres_disk_bytes_per_trace", postgresDisk(traces));
    out.put("timescale_mode", timescaleMode());
    StringBuilder sb = new StringBuilder();
    out.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
    Files.writeString(Path.of(args[1]), sb);
    System.out.print(sb);
    System.exit(0); // embedded servers' non-daemon threads
  }

  /**
   * What the timescale benchmarks measure on this server: {@code hypertable <extension version>}
   * when the timescaledb extension is there, else {@code fallback} (a plain PostgreSQL table with
   * the hypertable's key), as the backend reports it in its stats details.
   */
  private static String timescaleMode() {
    try (TraceStorage storage = Backends.open("timescale")) {
      Map<String, String> details = storage.stats().details();
      return "true".equals(details.get("hypertable"))
          ? "hypertable " + details.getOrDefault("timescaledb", "(version not reported)")
          : "fallback";
    }
  }

  private static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 4; i++) {
      System.gc();
    }
    return rt.totalMemory() - rt.freeMemory();
  }

  private static long memoryHeap(List<FlowTrace> traces) {
    // The generator's traces are already on the heap; the backend keeps the same objects, so
    // measure stored copies decoded from JSON, as traces arriving from Reflow would be.
    List<byte[]> json = BenchData.json(traces);
    long before = usedHeap();
    TraceStorage storage = Backends.open("memory");
    for (byte[] b : json) {
      storage.store(dev.reflow.trace.json.TraceJson.read(b));
    }
    long after = usedHeap();
    long perTrace = (after - before) / traces.size();
    storage.close();
    return perTrace;
  }

  private static long sqliteDisk(List<FlowTrace> traces) throws IOException {
    Path file = Backends.tempDir().resolve("footprint.db");
    try (TraceStorage storage = TraceStorages.open(StorageConfig.fromMap(Map.of(
        "storage.backend", "sqlite", "storage.sqlite.database_path", file.toString())))) {
      BenchData.storeInBatches(storage, traces);
    }
    // close() checkpoints the WAL into the main file
    long size = Files.size(file);
    Path wal = Path.of(file + "-wal");
    if (Files.exists(wal)) {
      size += Files.size(wal);
    }
    return size / traces.size();
  }

  private static long postgresDisk(List<FlowTrace> traces) throws SQLException {
    String url = Servers.postgresJdbcUrl();
    try (TraceStorage storage = Backends.open("postgres")) {
      BenchData.storeInBatches(storage, traces);
    }
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("VACUUM ANALYZE");
      try (ResultSet rs = s.executeQuery(
          "SELECT sum(pg_total_relation_size(format('%I.%I', schemaname, tablename))) FROM pg_tables "
              + "WHERE schemaname LIKE 'bench_postgres_%' AND tablename = 'traces'")) {
        rs.next();
        return rs.getLong(1) / traces.size();
      }
    }
  }
}
