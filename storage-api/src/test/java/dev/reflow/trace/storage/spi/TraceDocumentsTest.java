package dev.reflow.trace.storage.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflow.trace.json.TraceJson;
import dev.reflow.trace.model.FlowTrace;
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
