package dev.reflow.trace.cli.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Migrate's writes to the destination, two at a time: while one batch's transaction waits for the
 * database, the next batch is checked and encoded (and its transaction sent) on a second thread,
 * so that the destination's CPU work and its round trips overlap. Each write is one
 * {@code storeAllJson} call, as before; the order in which batches commit no longer follows the
 * order of the source, which migrate's resumption does not rely on (it compares every stretch of
 * the order with the destination).
 *
 * <p>Memory stays bounded: at most two batches are being written, and a second write starts only
 * while the batches in memory (those in flight, the next one and the one the read-ahead holds)
 * stay within a quarter of the heap; otherwise writes run one after the other as before, holding
 * two batches (SmallHeapTest migrates 48 MB of traces in a 48 MB heap that way).
 */
public final class ParallelWrites implements AutoCloseable {
  /** Writes in flight at most. */
  static final int MAX_IN_FLIGHT = 2;

  private record Write(Future<Integer> result, long bytes) {}

  private final ExecutorService pool = Executors.newFixedThreadPool(MAX_IN_FLIGHT, r -> {
    Thread t = new Thread(r, "migrate-write");
    t.setDaemon(true);
    return t;
  });
  private final Deque<Write> inFlight = new ArrayDeque<>();
  private final long budget;
  private long inFlightBytes;
  private long lastBatchBytes;
  private long written;

  /** @param budget bytes of batches that may be in memory at once (see the class comment) */
  public ParallelWrites(long budget) {
    this.budget = budget;
  }

  /** A quarter of the heap the JVM may grow to. */
  public static long defaultBudget() {
    return Runtime.getRuntime().maxMemory() / 4;
  }

  /**
   * Waits until the next batch may be taken from the source: until fewer than two writes are in
   * flight, and those in flight, the next batch and the one behind it (each estimated at the size
   * of the last) fit in the budget. Call before taking the batch, so that waiting holds no extra one.
   *
   * @throws RuntimeException the failure of a finished write, as it was thrown
   */
  public void awaitRoom() throws InterruptedException {
    while (!inFlight.isEmpty()
        && (inFlight.size() >= MAX_IN_FLIGHT || inFlightBytes + 2 * lastBatchBytes > budget)) {
      collectOldest();
    }
  }

  /**
   * Starts a write of {@code bytes} bytes of traces; call {@link #awaitRoom} first.
   *
   * @param write returns how many traces it stored
   */
  public void submit(Callable<Integer> write, long bytes) {
    lastBatchBytes = bytes;
    inFlight.addLast(new Write(pool.submit(write), bytes));
    inFlightBytes += bytes;
  }

  /**
   * Waits for every write and returns how many traces they stored in all.
   *
   * @throws RuntimeException the first failure of a write
   */
  public long finish() throws InterruptedException {
    while (!inFlight.isEmpty()) {
      collectOldest();
    }
    return written;
  }

  private void collectOldest() throws InterruptedException {
    Write w = inFlight.removeFirst();
    inFlightBytes -= w.bytes();
    try {
      written += w.result().get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException("a write to the destination failed: " + cause, cause);
    }
  }

  /**
   * Stops: a write still running is interrupted and waited for (its transaction commits or rolls
   * back as a whole, as any interrupted {@code storeAllJson} call's).
   */
  @Override
  public void close() throws InterruptedException {
    pool.shutdownNow();
    pool.awaitTermination(1, TimeUnit.MINUTES);
  }
}
