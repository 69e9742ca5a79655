package dev.reflow.trace.bench;

import dev.reflow.trace.cli.demo.SyntheticTraces;
import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.TraceStorages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The data sets of the scale benchmark: the first N traces of the seeded generator (so the 10k set
 * is a prefix of the 1M one), stored through our backends in batches of 1,000 and kept in
 * {@code storage-bench/target/scale} across JMH forks and runs, because a million traces take
 * minutes to load. SQLite: one file per size. PostgreSQL: one schema per size in an embedded server
 * whose data directory is kept there too (or the server of {@code REFLOW_BENCH_POSTGRES_URL}).
 *
 * <p>A data set counts only once its completion marker exists (a file beside the SQLite file, a
 * table in the PostgreSQL schema), written after the last batch committed and naming the
 * generator's seed and shape; a half-built set from an interrupted run, or one built from other
 * traces, is deleted and built again.
 *
 * <p>Usage: {@code ScaleData <plans dir> <trace count>...}: builds the missing data sets of both
 * backends, printing load time and rate, checks that every scale query returns its 50 traces and
 * writes the query plans ({@link QueryPlans}). bench/run.sh runs it before JMH, so no trial pays
 * for a build.
 */
public final class ScaleData {
  static final List<String> BACKENDS = List.of("sqlite", "postgres");
  /** Relative to the working directory, which bench/run.sh sets to the repository root. */
  static final Path DIR = Path.of("storage-bench", "target", "scale");
  private static final int BATCH = 1000;
  /** What the stored traces depend on: a data set built from other traces must be rebuilt. */
  private static final String VERSION = "seed " + BenchData.SEED + ", " + SyntheticTraces.Shape.COMPACT;
  private static final String PG_MARKER_TABLE = "scale_data_complete";

  private ScaleData() {}

  public static void main(String[] args) {
    Path plansDir = Path.of(args[0]);
    for (int i = 1; i < args.length; i++) {
      int traces = Integer.parseInt(args[i]);
      for (String backend : BACKENDS) {
        System.out.println(name(backend, traces) + ": " + ensure(backend, traces));
        try (TraceStorage storage = TraceStorages.open(config(backend, traces))) {
          ScaleQueries.checkResultSizes(storage, name(backend, traces));
        }
        QueryPlans.write(backend, traces, plansDir);
      }
    }
    System.exit(0); // the embedded server's non-daemon threads
  }

  /**
   * Opens a complete data set, building it first if needed (bench/run.sh builds them before JMH;
   * this is for a JMH run started by hand). The benchmarks only read from it.
   */
  static TraceStorage open(String backend, int traces) {
    ensure(backend, traces);
    return TraceStorages.open(config(backend, traces));
  }

  static Path sqliteFile(int traces) {
    return DIR.resolve("sqlite-" + traces + ".db");
  }

  static String postgresSchema(int traces) {
    return "scale_" + traces;
  }

  static String postgresUrl() {
    return Servers.scalePostgresJdbcUrl(DIR.resolve("pgdata").toAbsolutePath());
  }

  private static String name(String backend, int traces) {
    return String.format(Locale.ROOT, "%s, %,d traces", backend, traces);
  }

  static StorageConfig config(String backend, int traces) {
    return StorageConfig.fromMap(switch (backend) {
      case "sqlite" -> Map.of(StorageConfig.BACKEND, backend,
          "storage.sqlite.database_path", sqliteFile(traces).toString());
      case "postgres" -> Map.of(StorageConfig.BACKEND, backend,
          "storage.postgres.connection_url", postgresUrl(),
          "storage.postgres.schema", postgresSchema(traces));
      default -> throw new IllegalArgumentException("no scale data set for backend " + backend);
    });
  }

  /** The data set's configuration as the command line takes it: {@code -D key=value} pairs. */
  static List<String> cliOptions(String backend, int traces) {
    List<String> options = new java.util.ArrayList<>();
    config(backend, traces).asMap().forEach((key, value) -> options.addAll(List.of("-D", key + "=" + value)));
    return options;
  }

  /** Builds the data set unless a complete one exists; says which, with the load's figures. */
  static synchronized String ensure(String backend, int traces) {
    Optional<String> built = completion(backend, traces);
    if (built.isPresent()) {
      return "cached (" + built.get() + ")";
    }
    System.out.println(name(backend, traces) + ": building");
    discard(backend, traces);
    String note;
    try (TraceStorage storage = TraceStorages.open(config(backend, traces))) {
      note = load(storage, traces);
    }
    if (backend.equals("postgres")) {
      note += ", " + analyzeAndCheckpoint(traces);
    }
    markComplete(backend, traces, note);
    return "built (" + note + ")";
  }

  /** Stores the traces in batches of 1,000 as they are generated: never more than a batch in memory. */
  private static String load(TraceStorage storage, int traces) {
    SyntheticTraces generator = BenchData.generator(BenchData.SEED);
    long generating = 0;
    long storing = 0;
    for (int done = 0; done < traces; ) {
      int n = Math.min(BATCH, traces - done);
      long t0 = System.nanoTime();
      var batch = generator.next(n);
      long t1 = System.nanoTime();
      storage.storeAll(batch);
      long t2 = System.nanoTime();
      generating += t1 - t0;
      storing += t2 - t1;
      done += n;
      if (done % 100_000 == 0 && done < traces) {
        System.out.printf(Locale.ROOT, "  %,d traces stored, %.0f s%n", done, (generating + storing) / 1e9);
      }
    }
    return String.format(Locale.ROOT, "storeAll %.1f s, %,.0f traces/s; generating the traces %.1f s",
        storing / 1e9, traces / (storing / 1e9), generating / 1e9);
  }

  /**
   * Autovacuum would analyze the table soon after a load this size; doing it now keeps the plans
   * from depending on whether it has run yet. The checkpoint keeps the server's shutdown, and the
   * next start, short.
   */
  private static String analyzeAndCheckpoint(int traces) {
    long t0 = System.nanoTime();
    try (Connection c = DriverManager.getConnection(postgresUrl()); Statement s = c.createStatement()) {
      s.execute("VACUUM (ANALYZE) \"" + postgresSchema(traces) + "\".traces");
      s.execute("CHECKPOINT");
    } catch (SQLException e) {
      throw new IllegalStateException("could not analyze " + postgresSchema(traces), e);
    }
    return String.format(Locale.ROOT, "VACUUM ANALYZE and CHECKPOINT %.1f s", (System.nanoTime() - t0) / 1e9);
  }

  /** The completion note of a complete data set built from the current traces, if there is one. */
  private static Optional<String> completion(String backend, int traces) {
    if (backend.equals("sqlite")) {
      Path marker = sqliteMarker(traces);
      if (!Files.exists(marker) || !Files.exists(sqliteFile(traces))) {
        return Optional.empty();
      }
      List<String> lines = readLines(marker);
      return lines.size() == 2 && lines.get(0).equals(VERSION) ? Optional.of(lines.get(1)) : Optional.empty();
    }
    try (Connection c = DriverManager.getConnection(postgresUrl());
        PreparedStatement s = c.prepareStatement("SELECT version, note FROM " + pgMarker(traces))) {
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() && rs.getString(1).equals(VERSION) ? Optional.of(rs.getString(2)) : Optional.empty();
      }
    } catch (SQLException e) {
      if ("42P01".equals(e.getSQLState()) || "3F000".equals(e.getSQLState())) { // no such table / schema
        return Optional.empty();
      }
      throw new IllegalStateException("could not read the completion marker of " + name(backend, traces), e);
    }
  }

  /** Deletes whatever an interrupted or outdated build left. */
  private static void discard(String backend, int traces) {
    if (backend.equals("sqlite")) {
      try {
        Files.deleteIfExists(sqliteMarker(traces));
        for (String suffix : List.of("", "-wal", "-shm")) {
          Files.deleteIfExists(Path.of(sqliteFile(traces) + suffix));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return;
    }
    pgExecute("DROP SCHEMA IF EXISTS \"" + postgresSchema(traces) + "\" CASCADE");
  }

  private static void markComplete(String backend, int traces, String note) {
    if (backend.equals("sqlite")) {
      try {
        // Written beside, then moved: a marker is whole or absent.
        Path tmp = Path.of(sqliteMarker(traces) + ".tmp");
        Files.writeString(tmp, VERSION + "\n" + note + "\n");
        Files.move(tmp, sqliteMarker(traces), StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return;
    }
    try (Connection c = DriverManager.getConnection(postgresUrl())) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE " + pgMarker(traces) + " (version text NOT NULL, note text NOT NULL)");
      }
      try (PreparedStatement s = c.prepareStatement("INSERT INTO " + pgMarker(traces) + " VALUES (?, ?)")) {
        s.setString(1, VERSION);
        s.setString(2, note);
        s.executeUpdate();
      }
      c.commit();
    } catch (SQLException e) {
      throw new IllegalStateException("could not mark " + name(backend, traces) + " complete", e);
    }
  }

  private static Path sqliteMarker(int traces) {
    return DIR.resolve("sqlite-" + traces + ".db.complete");
  }

  private static String pgMarker(int traces) {
    return "\"" + postgresSchema(traces) + "\"." + PG_MARKER_TABLE;
  }

  private static void pgExecute(String sql) {
    try (Connection c = DriverManager.getConnection(postgresUrl()); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("could not run " + sql, e);
    }
  }

  private static List<String> readLines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
