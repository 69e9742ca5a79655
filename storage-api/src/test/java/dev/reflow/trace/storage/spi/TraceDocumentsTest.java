package dev.reflow.trace.storage.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflow.trace.json.TraceJson;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.storage.StoredTrace;
import dev.reflow.trace.storage.TraceStorageException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TraceDocumentsTest {
  private static byte[] fixture() throws IOException {
    try (InputStream in = TraceDocumentsTest.class.getClassLoader().getResourceAsStream("fixtures/completed-flow.json")) {
      return TraceJson.writeBytes(TraceJson.read(in.readAllBytes()));
    }
  }

  @Test
  @DisplayName("documents above the threshold are stored as zstd and read back byte for byte")
  void compressesAboveThreshold() throws IOException {
    byte[] json = fixture();
    TraceDocuments.Encoded small = TraceDocuments.encodeJson(json, json.length);
    assertThat(small.codec()).isEqualTo(TraceDocuments.Codec.JSON);
    TraceDocuments.Encoded big = TraceDocuments.encodeJson(json, json.length - 1);
    assertThat(big.codec()).isEqualTo(TraceDocuments.Codec.ZSTD_JSON);
    assertThat(big.bytes().length).isLessThan(json.length);
    assertThat(big.jsonLength()).isEqualTo(json.length);
    assertThat(TraceDocuments.decodeJson(big.codec(), big.bytes())).isEqualTo(json);
    assertThat(TraceDocuments.encodeJson(json, -1).codec()).isEqualTo(TraceDocuments.Codec.JSON);
  }

  @Test
  @DisplayName("a trace read from a zstd frame keeps it, and storeAllJson's encoding stores that frame instead of compressing again")
  void zstdFramePassesThrough() throws IOException {
    byte[] json = fixture();
    FlowTrace trace = TraceJson.read(json);
    byte[] frame = TraceDocuments.compress(json);
    StoredTrace stored = TraceDocuments.storedTrace(trace.traceId(), trace.startTime().epochMicros(), "ZSTD+JSON", frame);
    assertThat(stored.json()).isEqualTo(json);
    assertThat(stored.zstdFrame()).containsSame(frame);
    assertThat(stored).isEqualTo(new StoredTrace(trace.traceId(), trace.startTime().epochMicros(), json));

    TraceDocuments.Encoded passed = TraceDocuments.encodeJson(stored, 0);
    assertThat(passed.codec()).isEqualTo(TraceDocuments.Codec.ZSTD_JSON);
    assertThat(passed.bytes()).isSameAs(frame);
    assertThat(passed.jsonLength()).isEqualTo(json.length);
    // A destination that would not compress this document stores the JSON, not the frame.
    assertThat(TraceDocuments.encodeJson(stored, -1)).satisfies(e -> {
      assertThat(e.codec()).isEqualTo(TraceDocuments.Codec.JSON);
      assertThat(e.bytes()).isSameAs(stored.json());
    });
    assertThat(TraceDocuments.encodeJson(stored, json.length).codec()).isEqualTo(TraceDocuments.Codec.JSON);
    // Plain documents carry no frame.
    assertThat(TraceDocuments.storedTrace(trace.traceId(), 0, "json", json).zstdFrame()).isEmpty();
  }

  @Test
  @DisplayName("a corrupt zstd frame is refused when read; a frame modified afterwards is not stored, the JSON is compressed again")
  void corruptOrModifiedFrameIsNotStored() throws IOException {
    byte[] json = fixture();
    FlowTrace trace = TraceJson.read(json);
    long micros = trace.startTime().epochMicros();
    byte[] frame = TraceDocuments.compress(json);
    byte[] truncated = java.util.Arrays.copyOf(frame, frame.length - 3);
    assertThatThrownBy(() -> StoredTrace.ofZstdFrame(trace.traceId(), micros, truncated))
        .isInstanceOf(TraceStorageException.class).hasMessageContaining("Corrupt zstd document");
    assertThatThrownBy(() -> StoredTrace.ofZstdFrame(trace.traceId(), micros, json))
        .isInstanceOf(TraceStorageException.class).hasMessageContaining("Corrupt zstd document");

    StoredTrace stored = StoredTrace.ofZstdFrame(trace.traceId(), micros, frame);
    frame[5]++; // the header's content size (single-segment frame, no dictionary): no longer the JSON's length
    TraceDocuments.Encoded encoded = TraceDocuments.encodeJson(stored, 0);
    assertThat(encoded.codec()).isEqualTo(TraceDocuments.Codec.ZSTD_JSON);
    assertThat(encoded.bytes()).isNotSameAs(frame);
    assertThat(TraceDocuments.decodeJson(encoded.codec(), encoded.bytes())).isEqualTo(json);
  }

  @Test
  @DisplayName("pooled zstd contexts give correct results on many threads at once")
  void pooledContextsAreThreadSafe() throws Exception {
    FlowTrace trace = TraceJson.read(fixture());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        results.add(pool.submit(() -> {
          for (int i = 0; i < 500; i++) {
            TraceDocuments.Encoded e = TraceDocuments.encode(trace, 0);
            if (!TraceDocuments.decode(e.codec(), e.bytes()).equals(trace)) {
              return false;
            }
          }
          return true;
        }));
      }
      for (Future<Boolean> f : results) {
        assertThat(f.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName("a corrupt zstd document is refused, and the next one still decodes")
  void corruptDocument() throws IOException {
    byte[] json = fixture();
    byte[] z = TraceDocuments.encodeJson(json, 0).bytes();
    byte[] corrupt = z.clone();
    for (int i = 12; i < corrupt.length; i++) {
      corrupt[i] ^= 0x5A;
    }
    assertThatThrownBy(() -> TraceDocuments.decodeJson(TraceDocuments.Codec.ZSTD_JSON, corrupt))
        .isInstanceOf(RuntimeException.class);
    assertThat(TraceDocuments.decodeJson(TraceDocuments.Codec.ZSTD_JSON, z)).isEqualTo(json);
  }

  @Test
  @DisplayName("the pool hands back an idle object and keeps at most MAX_IDLE")
  void poolBounds() {
    int[] created = {0};
    ContextPool<Object> pool = new ContextPool<>(() -> {
      created[0]++;
      return new Object();
    });
    Object a = pool.borrow();
    pool.giveBack(a);
    assertThat(pool.borrow()).isSameAs(a);
    List<Object> many = new ArrayList<>();
    for (int i = 0; i < ContextPool.MAX_IDLE + 5; i++) {
      many.add(pool.borrow());
    }
    many.forEach(pool::giveBack);
    int before = created[0];
    for (int i = 0; i < ContextPool.MAX_IDLE; i++) {
      pool.borrow();
    }
    assertThat(created[0]).isEqualTo(before);
    pool.borrow();
    assertThat(created[0]).isEqualTo(before + 1);
  }
}
