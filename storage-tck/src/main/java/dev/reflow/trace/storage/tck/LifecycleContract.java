package dev.reflow.trace.storage.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.storage.StorageClosedException;
import dev.reflow.trace.storage.TraceQuery;
import dev.reflow.trace.storage.TraceStorage;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** close() is idempotent; every other call afterwards fails with {@link StorageClosedException}. */
public abstract class LifecycleContract extends TckContract {
  protected LifecycleContract(TraceStorageTck tck) {
    super(tck);
  }

  /** Every operation of {@link TraceStorage} except close. */
  public enum Operation {
    STORE(s -> s.store(TestTraces.trace(9).build())),
    STORE_ALL(s -> s.storeAll(List.of(TestTraces.trace(9).build()))),
    GET(s -> s.get(TestTraces.traceId(1))),
    GET_JSON(s -> s.getJson(TestTraces.traceId(1))),
    QUERY(s -> s.query(TraceQuery.all())),
    STREAM(s -> {
      try (var stream = s.stream(TraceQuery.all())) {
        stream.count();
      }
    }),
    STREAM_JSON(s -> {
      try (var stream = s.streamJson(TraceQuery.all())) {
        stream.count();
      }
    }),
    COUNT(s -> s.count(TraceQuery.all())),
    DELETE(s -> s.delete(TestTraces.traceId(1))),
    STATS(TraceStorage::stats),
    DELETE_OLDER_THAN(s -> s.deleteOlderThan(Instant.parse("2100-01-01T00:00:00Z")));

    private final Consumer<TraceStorage> call;

    Operation(Consumer<TraceStorage> call) {
      this.call = call;
    }

    public void apply(TraceStorage storage) {
      call.accept(storage);
    }
  }

  @Test
  @DisplayName("close() twice does not throw")
  public void close_calledTwice_doesNotThrow() {
    store(TestTraces.trace(1).build());
    storage().close();
    Throwable second = catchThrowable(() -> storage().close());
    assertThat(second).withFailMessage("Backend <%s>: a second close() expected to do nothing, but threw %s", backend(), second)
        .isNull();
  }

  @ParameterizedTest(name = "{0} after close")
  @EnumSource(Operation.class)
  @DisplayName("Each operation after close() fails with StorageClosedException")
  public void operation_afterClose_throwsStorageClosedException(Operation operation) {
    FlowTrace trace = TestTraces.trace(1).build();
    store(trace);
    storage().close();
    Throwable thrown = catchThrowable(() -> operation.apply(storage()));
    assertThat(thrown).withFailMessage("Backend <%s>: %s after close() expected StorageClosedException, but got %s",
        backend(), operation, thrown).isInstanceOf(StorageClosedException.class);
    assertThat(thrown.getMessage()).as("Backend <%s>: message of StorageClosedException", backend()).isNotBlank();
  }

  @Test
  @DisplayName("A new storage works after another one was closed")
  public void close_thenCreateAnother_newStorageWorks() {
    storage().close();
    try (TraceStorage another = tck().createStorage()) {
      FlowTrace trace = TestTraces.trace(2).build();
      another.store(trace);
      assertThat(another.get(trace.traceId())).as("Backend <%s>: get on a storage created after closing another", backend())
          .contains(trace);
    }
  }
}
