package dev.reflow.trace.bench;

import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.TraceStorages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Opens a fresh, empty storage of each backend through the public API, as an application would. */
final class Backends {
  private static final AtomicInteger SEQUENCE = new AtomicInteger();
  /** The Citus coordinator of backend {@code citus} (the PostgreSQL backend with distribution = citus). */
  static final String CITUS_URL_VARIABLE = "REFLOW_BENCH_CITUS_URL";

  private Backends() {}

  static TraceStorage open(String backend) {
    return open(backend, Map.of());
  }

  /** As {@link #open(String)}, with further settings, e.g. {@code storage.sqlite.compression_threshold}. */
  static TraceStorage open(String backend, Map<String, Object> settings) {
    int n = SEQUENCE.incrementAndGet();
    Map<String, Object> keys = new HashMap<>(settings);
    keys.put(StorageConfig.BACKEND, backend);
    switch (backend) {
      case "memory" -> keys.put("storage.memory.max_traces", 100_000_000);
      case "sqlite" -> keys.put("storage.sqlite.database_path", tempDir().resolve("bench-" + n + ".db"));
      case "postgres", "timescale" -> {
        keys.put("storage." + backend + ".connection_url", Servers.postgresJdbcUrl());
        keys.put("storage." + backend + ".schema", "bench_" + backend + "_" + ProcessHandle.current().pid() + "_" + n);
      }
      case "citus" -> {
        // Not in BackendBench's default parameters: run it by name against a cluster,
        // -p backend=postgres,citus (docs/storage/citus.md).
        String url = System.getenv(CITUS_URL_VARIABLE);
        if (url == null || url.isBlank()) {
          throw new IllegalStateException(CITUS_URL_VARIABLE + " is not set: backend 'citus' needs a Citus "
              + "coordinator URL (postgresql://user@host:port/db), see docs/storage/citus.md");
        }
        keys.put(StorageConfig.BACKEND, "postgres");
        keys.put("storage.postgres.connection_url", url.trim());
        keys.put("storage.postgres.distribution", "citus");
        keys.put("storage.postgres.schema", "bench_citus_" + ProcessHandle.current().pid() + "_" + n);
      }
      case "mongodb" -> {
        keys.put("storage.mongodb.connection_url", Servers.mongoUrl());
        keys.put("storage.mongodb.database_name", "bench");
        keys.put("storage.mongodb.collection_name", "traces_" + ProcessHandle.current().pid() + "_" + n);
      }
      default -> throw new IllegalArgumentException("no benchmark set-up for backend " + backend);
    }
    return TraceStorages.open(StorageConfig.fromMap(keys));
  }

  static Path tempDir() {
    try {
      return Files.createTempDirectory("reflow-bench");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
