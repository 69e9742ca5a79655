package dev.reflow.trace.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import dev.reflow.trace.model.FlowTrace;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.types.Binary;
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
 * Baseline for MongoDB: insertMany of documents holding the same JSON bytes and filter fields; find
 * by _id. The {@code Document} {@link #getById} decodes holds the trace as one binary value, so it
 * has read bytes, not a trace: {@link #getParsed} adds Jackson's streaming parse of those bytes
 * (as {@code RawJdbcBench.getParsed} does), the least work that yields a parsed trace and so the
 * fair limit for our {@code get}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RawMongoBench {
  @Param({"10000"})
  public int preload;

  private MongoClient client;
  private MongoCollection<Document> collection;
  private List<FlowTrace> stored;
  private List<byte[]> storedJson;
  private long counter;
  private int cursor;

  @Setup(Level.Trial)
  public void open() {
    client = MongoClients.create(Servers.mongoUrl());
    collection = client.getDatabase("bench").getCollection("raw_" + ProcessHandle.current().pid());
    collection.drop();
    stored = BenchData.traces(preload);
    storedJson = BenchData.json(stored);
    for (int i = 0; i < stored.size(); i += BackendBench.BATCH) {
      insertBatch(i, false);
    }
  }

  @TearDown(Level.Trial)
  public void close() {
    client.close();
  }

  private void insertBatch(int from, boolean freshIds) {
    List<Document> docs = new ArrayList<>(BackendBench.BATCH);
    for (int i = from; i < Math.min(stored.size(), from + BackendBench.BATCH); i++) {
      FlowTrace t = freshIds ? BenchData.withFreshId(stored.get(i), ++counter) : stored.get(i);
      docs.add(new Document("_id", t.traceId().toString())
          .append("flow_id", t.flowId().value())
          .append("status", t.status().variantName())
          .append("start_us", t.startTime().epochMicros())
          .append("event_count", t.events().size())
          .append("doc", new Binary(storedJson.get(i))));
    }
    collection.insertMany(docs);
  }

  @Benchmark
  public void storeAll1000() {
    insertBatch(0, true);
  }

  @Benchmark
  public Document getById() {
    cursor = (cursor + 7919) % stored.size();
    return collection.find(Filters.eq("_id", stored.get(cursor).traceId().toString())).first();
  }

  /** The find, then every token of the stored JSON read into a value: the floor of a parsing get. */
  @Benchmark
  public long getParsed() throws IOException {
    return RawJdbcBench.parseEveryToken(getById().get("doc", Binary.class).getData());
  }
}
