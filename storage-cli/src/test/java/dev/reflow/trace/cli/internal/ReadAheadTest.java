package dev.reflow.trace.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.StoredTrace;
import dev.reflow.trace.storage.TraceQuery;
import dev.reflow.trace.storage.TraceQueryException;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.TraceStorages;
import dev.reflow.trace.storage.tck.ForwardingTraceStorage;
import dev.reflow.trace.storage.tck.TestTraces;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ReadAheadTest {
  private TraceStorage store;

  @BeforeEach
  void fill() {
    store = TraceStorages.open(StorageConfig.fromMap(Map.of("storage.backend", "memory")));
    store.storeAll(TestTraces.many(300, 1));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static List<StoredTrace> all(TraceStorage s) {
    try (Stream<StoredTrace> t = s.streamJson(TraceQuery.all())) {
      return t.toList();
    }
  }

  @Test
  @DisplayName("Batches hold the stream's traces in order, the last one short, then the end")
  void batches_inOrder() throws Exception {
    List<StoredTrace> seen = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    try (ReadAhead r = new ReadAhead(store, TraceQuery.all(), 64)) {
      for (List<StoredTrace> b = r.next(); b != null; b = r.next()) {
        seen.addAll(b);
        sizes.add(b.size());
      }
      assertThat(r.next()).isNull();
    }
    assertThat(seen).isEqualTo(all(store));
    assertThat(sizes).containsExactly(64, 64, 64, 64, 44);
  }

  @Test
  @DisplayName("The reader stays one batch ahead: it does not read the whole source while nobody consumes")
  void reader_boundedAhead() throws Exception {
    AtomicInteger read = new AtomicInteger();
    TraceStorage counting = new ForwardingTraceStorage(store) {
      @Override
      public Stream<StoredTrace> streamJson(TraceQuery query) {
        return super.streamJson(query).peek(t -> read.incrementAndGet());
      }
    };
    try (ReadAhead r = new ReadAhead(counting, TraceQuery.all(), 10)) {
      assertThat(r.next()).hasSize(10);
      Thread.sleep(300);
      // At most: one batch taken, one in the hand-off, one built and waiting for the hand-off.
      assertThat(read.get()).isBetween(10, 30);
    }
  }

  @Test
  @DisplayName("A failure of the source surfaces from next() after the batches before it; closing early closes the source's stream")
  void failure_andEarlyClose() throws Exception {
    AtomicBoolean closed = new AtomicBoolean();
    TraceStorage failing = new ForwardingTraceStorage(store) {
      @Override
      public Stream<StoredTrace> streamJson(TraceQuery query) {
        AtomicInteger n = new AtomicInteger();
        return super.streamJson(query).peek(t -> {
          if (n.incrementAndGet() == 25) {
            throw new TraceQueryException("connection lost (simulated)");
          }
        }).onClose(() -> closed.set(true));
      }
    };
    try (ReadAhead r = new ReadAhead(failing, TraceQuery.all(), 10)) {
      assertThat(r.next()).hasSize(10);
      assertThat(r.next()).hasSize(10);
      assertThat(catchThrowable(r::next)).isInstanceOf(TraceQueryException.class).hasMessageContaining("simulated");
    }
    assertThat(closed).isTrue();

    AtomicBoolean closedEarly = new AtomicBoolean();
    TraceStorage watched = new ForwardingTraceStorage(store) {
      @Override
      public Stream<StoredTrace> streamJson(TraceQuery query) {
        return super.streamJson(query).onClose(() -> closedEarly.set(true));
      }
    };
    try (ReadAhead r = new ReadAhead(watched, TraceQuery.all(), 10)) {
      assertThat(r.next()).hasSize(10);
    }
    assertThat(closedEarly).as("the stream is closed when the consumer stops early").isTrue();
  }
}
