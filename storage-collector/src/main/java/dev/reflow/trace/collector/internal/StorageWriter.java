package dev.reflow.trace.collector.internal;

import dev.reflow.trace.collector.TraceFinalizationListener;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.TraceEvent;
import dev.reflow.trace.storage.Redaction;
import dev.reflow.trace.storage.TraceStorage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores finalized traces on one thread, in batches ({@code storeAll} of whatever queued while the
 * previous write ran), so many traces ending at once cost one transaction. A failed write is
 * retried with backoff, the traces staying readable from memory and in the journal meanwhile. The
 * queue needs no bound of its own: every queued trace counts against {@code max_in_flight_bytes}.
 */
final class StorageWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StorageWriter.class);
  private static final int MAX_BATCH = 256;

  private record Item(InFlightTrace trace, CompletableFuture<Void> stored) {}

  private final TraceStorage storage;
  private final List<TraceFinalizationListener> listeners;
  private final Consumer<InFlightTrace> onStored;
  private final LinkedBlockingQueue<Item> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean closing;
  private volatile long giveUpAtNanos = Long.MAX_VALUE;

  StorageWriter(TraceStorage storage, List<TraceFinalizationListener> listeners, Consumer<InFlightTrace> onStored) {
    this.storage = storage;
    this.listeners = List.copyOf(listeners);
    this.onStored = onStored;
    this.thread = new Thread(this::loop, "reflow-collector-storage-writer");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Queues a finalized trace; the future completes once it is in storage. */
  CompletableFuture<Void> submit(InFlightTrace trace) {
    CompletableFuture<Void> stored = new CompletableFuture<>();
    queue.add(new Item(trace, stored));
    return stored;
  }

  int pending() {
    return queue.size();
  }

  /** Writes what is queued (giving up after the timeout: the journal still holds it), then stops. */
  void close(long timeout, TimeUnit unit) {
    giveUpAtNanos = System.nanoTime() + unit.toNanos(timeout);
    closing = true;
    thread.interrupt();
    try {
      thread.join(unit.toMillis(timeout) + 1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!queue.isEmpty()) {
      LOG.warn("{} finalized traces were not stored before shutdown; the journal keeps them for the next start",
          queue.size());
    }
  }

  @Override
  public void close() {
    close(8, TimeUnit.SECONDS);
  }

  private void loop() {
    List<Item> batch = new ArrayList<>();
    long backoffMillis = 100;
    while (true) {
      if (batch.isEmpty()) {
        try {
          Item first = closing ? queue.poll() : queue.poll(1, TimeUnit.SECONDS);
          if (first == null) {
            if (closing) {
              return;
            }
            continue;
          }
          batch.add(first);
        } catch (InterruptedException e) {
          if (!closing) {
            return;
          }
          continue;
        }
        queue.drainTo(batch, MAX_BATCH - 1);
      }
      try {
        List<FlowTrace> traces = new ArrayList<>(batch.size());
        for (Item item : batch) {
          traces.add(build(item.trace));
        }
        storage.storeAll(traces);
        for (int i = 0; i < batch.size(); i++) {
          onStored.accept(batch.get(i).trace);
          batch.get(i).stored.complete(null);
          notifyListeners(traces.get(i));
        }
        batch.clear();
        backoffMillis = 100;
      } catch (RuntimeException e) {
        if (closing && System.nanoTime() > giveUpAtNanos) {
          return;
        }
        LOG.warn("Storing {} finalized traces failed, retrying in {} ms: {}", batch.size(), backoffMillis,
            Redaction.redact(String.valueOf(e)));
        try {
          Thread.sleep(backoffMillis);
        } catch (InterruptedException ie) {
          // closing: one more try, then the deadline decides
        }
        backoffMillis = Math.min(backoffMillis * 2, 5000);
      }
    }
  }

  /**
   * The trace to store. A trace created by a late RecordEvent (its id unknown, upstream's "shadow
   * copy") must not replace a stored trace that ended: its events are appended to that trace.
   */
  private FlowTrace build(InFlightTrace t) {
    FlowTrace trace = t.toFlowTrace();
    if (t.lazy) {
      Optional<FlowTrace> stored = storage.get(t.traceId);
      if (stored.isPresent() && stored.get().endTime() != null) {
        List<TraceEvent> events = new ArrayList<>(stored.get().events());
        events.addAll(trace.events());
        return stored.get().withEvents(events);
      }
    }
    return trace;
  }

  private void notifyListeners(FlowTrace trace) {
    for (TraceFinalizationListener l : listeners) {
      try {
        l.onFinalized(trace);
      } catch (RuntimeException e) {
        LOG.warn("A trace finalization listener ({}) failed for trace {}: {}", l.getClass().getName(), trace.traceId(),
            e.toString());
      }
    }
  }
}
