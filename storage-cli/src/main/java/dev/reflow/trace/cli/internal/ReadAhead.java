package dev.reflow.trace.cli.internal;

import dev.reflow.trace.storage.StoredTrace;
import dev.reflow.trace.storage.TraceQuery;
import dev.reflow.trace.storage.TraceStorage;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.stream.Stream;

/**
 * A store's {@code streamJson}, read in batches on a thread of its own one batch ahead of the
 * consumer, so that the source's cursor and decompression overlap with what the consumer does
 * (migrate's writes to the destination, export's output). The hand-off holds nothing: the next
 * batch waits with its reader until the consumer takes it, so memory holds two batches at most
 * (the one being consumed and the next), whatever the number of traces; migrate runs in a 48 MB
 * heap. Closing it early stops the reader, which closes its stream.
 */
public final class ReadAhead implements AutoCloseable {
  /** The end of the source, or its failure. */
  private record End(RuntimeException failure) {}

  private final BlockingQueue<Object> handOff = new SynchronousQueue<>();
  private final Thread reader;
  private boolean ended;

  public ReadAhead(TraceStorage source, TraceQuery query, int batchSize) {
    reader = new Thread(() -> read(source, query, batchSize), "read-ahead");
    reader.setDaemon(true);
    reader.start();
  }

  private void read(TraceStorage source, TraceQuery query, int batchSize) {
    RuntimeException failure = null;
    try (Stream<StoredTrace> stream = source.streamJson(query)) {
      Iterator<StoredTrace> it = stream.iterator();
      List<StoredTrace> pending = new ArrayList<>(batchSize);
      while (it.hasNext()) {
        pending.add(it.next());
        if (pending.size() == batchSize) {
          handOff.put(pending);
          pending = new ArrayList<>(batchSize);
        }
      }
      if (!pending.isEmpty()) {
        handOff.put(pending);
      }
    } catch (InterruptedException e) {
      return; // the consumer stopped: close the stream and end
    } catch (RuntimeException e) {
      failure = e;
    } catch (Error e) {
      // Handed over rather than lost with this thread, so that the consumer does not wait forever.
      failure = new IllegalStateException("reading the source failed: " + e, e);
    }
    try {
      handOff.put(new End(failure));
    } catch (InterruptedException e) {
      // the consumer stopped and will not look
    }
  }

  /** The next batch, or null at the end; a failure of the source is thrown here. */
  @SuppressWarnings("unchecked")
  public List<StoredTrace> next() throws InterruptedException {
    if (ended) {
      return null;
    }
    Object item = handOff.take();
    if (item instanceof End end) {
      ended = true;
      if (end.failure() != null) {
        throw end.failure();
      }
      return null;
    }
    return (List<StoredTrace>) item;
  }

  /** Stops the reader (its stream is closed on its thread) and waits for it. */
  @Override
  public void close() throws InterruptedException {
    reader.interrupt();
    reader.join();
  }
}
