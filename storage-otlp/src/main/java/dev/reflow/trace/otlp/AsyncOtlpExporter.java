package dev.reflow.trace.otlp;

import dev.reflow.trace.model.FlowTrace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Exports traces in the background, in batches, so that whoever hands them over (the collector's
 * storage writer) never waits for the network: {@link #offer} puts the trace in a bounded queue and
 * returns at once; a full queue drops the trace and counts it. One thread takes up to
 * {@code maxBatchTraces} traces at a time, maps them into one request and sends it through
 * {@link OtlpExporter} (with its retries). Memory is bounded by {@code maxQueue} traces plus the
 * batch being sent.
 *
 * <p>Counters: {@link Stats#sent} traces the endpoint accepted, {@link Stats#failed} traces in
 * requests that were rejected or given up after retries, {@link Stats#dropped} traces never sent
 * (queue full, offered after close, or still queued when {@link #close(Duration)} ran out of time).
 * Thread-safe.
 */
public final class AsyncOtlpExporter implements AutoCloseable {
  /** What the exporter did so far. {@code queued} is a snapshot. */
  public record Stats(long offered, long sent, long failed, long dropped, int queued) {}

  private final OtlpMapping mapping;
  private final OtlpExporter exporter;
  private final int maxBatchTraces;
  private final BlockingQueue<FlowTrace> queue;
  private final Consumer<Exception> onFailure;
  private final Thread worker;
  private final AtomicLong offered = new AtomicLong();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private volatile boolean closing;

  /**
   * Starts the sending thread.
   *
   * @param onFailure told about each request that failed ({@link OtlpExportException}, whose
   *     message names no credentials, or a mapping error), on the sending thread
   */
  public AsyncOtlpExporter(OtlpMapping mapping, OtlpExporter exporter, int maxQueue, int maxBatchTraces,
      Consumer<Exception> onFailure) {
    this.mapping = Objects.requireNonNull(mapping, "mapping");
    this.exporter = Objects.requireNonNull(exporter, "exporter");
    if (maxQueue < 1 || maxBatchTraces < 1) {
      throw new IllegalArgumentException("maxQueue and maxBatchTraces must be positive");
    }
    this.maxBatchTraces = maxBatchTraces;
    this.queue = new ArrayBlockingQueue<>(maxQueue);
    this.onFailure = Objects.requireNonNull(onFailure, "onFailure");
    this.worker = new Thread(this::run, "reflow-otlp-exporter");
    worker.setDaemon(true);
    worker.start();
  }

  /** From {@code [otlp]} settings: their endpoint, mapping, queue and batch size. */
  public static AsyncOtlpExporter start(OtlpSettings settings, Consumer<Exception> onFailure) {
    return new AsyncOtlpExporter(settings.mapping(), new OtlpExporter(settings.exporterConfig()), settings.maxQueue(),
        settings.maxBatchTraces(), onFailure);
  }

  /**
   * Queues the trace for export without waiting.
   *
   * @return false when it was dropped: the queue is full or the exporter is closing
   */
  public boolean offer(FlowTrace trace) {
    Objects.requireNonNull(trace, "trace");
    offered.incrementAndGet();
    if (closing || !queue.offer(trace)) {
      dropped.incrementAndGet();
      return false;
    }
    return true;
  }

  public Stats stats() {
    return new Stats(offered.get(), sent.get(), failed.get(), dropped.get(), queue.size());
  }

  private void run() {
    List<FlowTrace> batch = new ArrayList<>(maxBatchTraces);
    try {
      while (!closing || !queue.isEmpty()) {
        FlowTrace first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, maxBatchTraces - 1);
        send(batch);
        batch.clear();
      }
    } catch (InterruptedException e) {
      // close() ran out of time: the batch being sent failed, whatever is queued is dropped there
      failed.addAndGet(batch.size());
    }
  }

  private void send(List<FlowTrace> batch) throws InterruptedException {
    try {
      exporter.export(mapping.toRequest(batch));
      sent.addAndGet(batch.size());
    } catch (OtlpExportException | RuntimeException e) {
      failed.addAndGet(batch.size());
      try {
        onFailure.accept(e);
      } catch (RuntimeException ignored) {
        // a failing callback must not stop the exporter
      }
    }
  }

  /**
   * Stops accepting traces and sends what is queued, waiting at most {@code timeout}; then
   * interrupts the send in progress and counts what is left as dropped.
   *
   * @return whether everything queued was sent or attempted in time
   */
  public boolean close(Duration timeout) throws InterruptedException {
    closing = true;
    worker.join(Math.max(1, timeout.toMillis()));
    boolean inTime = !worker.isAlive();
    if (!inTime) {
      worker.interrupt();
      worker.join(5_000);
    }
    List<FlowTrace> left = new ArrayList<>();
    queue.drainTo(left);
    dropped.addAndGet(left.size());
    return inTime;
  }

  /** {@link #close(Duration)} with 10 seconds. */
  @Override
  public void close() {
    try {
      close(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
