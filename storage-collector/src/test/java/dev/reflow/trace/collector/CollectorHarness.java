package dev.reflow.trace.collector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.TraceStorages;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** Starts a collector on a chosen backend for a test, and reads what it stored. */
final class CollectorHarness implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  final TraceStorage storage;
  final Collector collector;
  final List<FlowTrace> finalized = new CopyOnWriteArrayList<>();

  private CollectorHarness(TraceStorage storage, CollectorConfig config) {
    this.storage = storage;
    this.collector = Collector.start(config, storage, true, List.of(finalized::add));
  }

  static StorageConfig memory() {
    return StorageConfig.fromMap(Map.of("storage.backend", "memory"));
  }

  static StorageConfig sqlite(Path dir) {
    return StorageConfig.fromMap(Map.of("storage.backend", "sqlite", "storage.sqlite.database_path",
        dir.resolve("traces.db").toString()));
  }

  /** A collector on an ephemeral port; the builder says whether the journal is on. */
  static CollectorHarness start(StorageConfig storageConfig, CollectorConfig.Builder config) {
    TraceStorage storage = TraceStorages.open(storageConfig);
    try {
      return new CollectorHarness(storage, config.host("127.0.0.1").port(0).build());
    } catch (RuntimeException e) {
      storage.close();
      throw e;
    }
  }

  String url() {
    return collector.url();
  }

  WsClient client() {
    return WsClient.connect(url() + "/");
  }

  /** Waits until the trace is in storage (the writer is asynchronous after the acknowledgement). */
  FlowTrace awaitStored(String traceId) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      Optional<FlowTrace> t = storage.get(TraceId.parse(traceId));
      if (t.isPresent() && t.get().endTime() != null) {
        return t.get();
      }
      Thread.sleep(20);
    }
    throw new AssertionError("trace " + traceId + " was not stored within 10 s");
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }

  @Override
  public void close() {
    collector.close();
  }
}
