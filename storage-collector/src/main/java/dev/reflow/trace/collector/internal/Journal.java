package dev.reflow.trace.collector.internal;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where acknowledged in-flight state goes before its reply is sent. {@link #append} returns a
 * future that completes once the record is durable (for the file journal: written and fsynced,
 * together with every record appended before it); records of one trace are appended in order.
 */
interface Journal extends AutoCloseable {

  /** A journal that keeps nothing: every append is complete at once ({@code server.journal = off}). */
  Journal OFF = new Journal() {
    private final CompletableFuture<Void> done = CompletableFuture.completedFuture(null);

    @Override
    public CompletableFuture<Void> append(JournalRecord record) {
      return done;
    }

    @Override
    public boolean wantsCompaction() {
      return false;
    }

    @Override
    public void compact(List<JournalRecord> liveState) {}

    @Override
    public boolean enabled() {
      return false;
    }

    @Override
    public void close() {}
  };

  CompletableFuture<Void> append(JournalRecord record);

  /** Whether the current segment has grown enough that {@link #compact} should run. */
  boolean wantsCompaction();

  /**
   * Starts a new segment that begins with {@code liveState} (every record needed to rebuild what
   * is still in flight or not yet stored) and drops the older segments once it is durable. The
   * caller holds appends back while it collects the state and calls this.
   */
  void compact(List<JournalRecord> liveState);

  boolean enabled();

  @Override
  void close();
}
