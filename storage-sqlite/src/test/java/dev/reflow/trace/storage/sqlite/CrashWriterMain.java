package dev.reflow.trace.storage.sqlite;

import dev.reflow.trace.model.ExecutionStatus;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.Timestamp;
import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.storage.TraceStorage;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Child process of {@link SqliteCrashSafetyTest}: stores batches until it is killed, printing
 * {@code ACK <n>} after each {@code storeAll} of batch n has returned.
 *
 * <p>Arguments: database file, batch size.
 */
public final class CrashWriterMain {
  private CrashWriterMain() {}

  /** The trace id of item {@code i} of batch {@code batch}. */
  static TraceId id(long batch, long i) {
    return TraceId.of(new UUID(0x2000_0000_0000_4000L | (batch << 16), 0x8000_0000_0000_0000L | i));
  }

  static String flow(long batch) {
    return "batch-" + batch;
  }

  public static void main(String[] args) {
    String file = args[0];
    int size = Integer.parseInt(args[1]);
    TraceStorage storage = SqliteStorageProvider.open(SqliteSettings.forFile(file));
    for (long batch = 0; ; batch++) {
      List<FlowTrace> traces = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        Timestamp start = new Timestamp(1_773_000_000L + batch, i * 1000);
        // Every third document is large enough to be compressed, so both codecs are in flight.
        traces.add(TestTraces.trace(id(batch, i), flow(batch), ExecutionStatus.COMPLETED, start,
            i % 3 == 0 ? 2000 : 0, "source", "actor-" + i));
      }
      storage.storeAll(traces);
      System.out.println("ACK " + batch);
      System.out.flush();
    }
  }
}
