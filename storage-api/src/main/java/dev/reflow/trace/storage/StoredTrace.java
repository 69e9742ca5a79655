package dev.reflow.trace.storage;

import dev.reflow.trace.json.TraceJson;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.storage.spi.TraceDocuments;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * One trace as {@link TraceStorage#streamJson} yields it: its place in the query order and its
 * compact Reflow JSON, the bytes {@link TraceStorage#getJson} returns for it. For callers that
 * pass traces on without looking inside (an export, a copy to another store, a checksum).
 *
 * <p>A backend that read the trace from a zstd document may keep that document beside the JSON
 * ({@link #ofZstdFrame}), so that a destination which stores zstd documents too writes it as it is
 * instead of compressing the JSON again (a copy between stores, {@code storeAllJson}). The JSON is
 * then decompressed from that frame when the instance is made: the two cannot disagree.
 *
 * <p>The arrays are not copied; an instance holds the only references the storage made, and
 * callers must not modify them. Two instances are equal when the id, start time and JSON are
 * (whether a frame is kept does not matter).
 */
public final class StoredTrace {
  private final TraceId traceId;
  private final long startTimeMicros;
  private final byte[] json;
  /** A zstd frame whose content is exactly {@link #json}, or null. */
  private final byte[] zstdFrame;

  /**
   * @param traceId the trace id
   * @param startTimeMicros {@code start_time} in epoch microseconds
   * @param json the compact Reflow JSON, UTF-8, without a trailing newline
   */
  public StoredTrace(TraceId traceId, long startTimeMicros, byte[] json) {
    this(traceId, startTimeMicros, json, null);
  }

  private StoredTrace(TraceId traceId, long startTimeMicros, byte[] json, byte[] zstdFrame) {
    this.traceId = Objects.requireNonNull(traceId, "traceId");
    this.startTimeMicros = startTimeMicros;
    this.json = Objects.requireNonNull(json, "json");
    this.zstdFrame = zstdFrame;
  }

  /**
   * The trace stored as this zstd frame (a {@code zstd+json} document, see {@link TraceDocuments}):
   * its JSON is the frame's content, decompressed here, and the frame is kept for
   * {@link #zstdFrame()}. Only the JSON is checked later (by {@code storeAllJson}), so the
   * frame cannot carry anything else.
   *
   * @throws TraceStorageException when the frame is corrupt, truncated or without a recorded size
   * @throws IllegalStateException when zstd-jni is not on the class path
   */
  public static StoredTrace ofZstdFrame(TraceId traceId, long startTimeMicros, byte[] frame) {
    Objects.requireNonNull(frame, "frame");
    return new StoredTrace(traceId, startTimeMicros, TraceDocuments.decompress(frame), frame);
  }

  /** The JSON of a trace built in memory. */
  public static StoredTrace of(FlowTrace trace) {
    return new StoredTrace(trace.traceId(), trace.startTime().epochMicros(), TraceJson.writeBytes(trace));
  }

  /** The trace id. */
  public TraceId traceId() {
    return traceId;
  }

  /** {@code start_time} in epoch microseconds. */
  public long startTimeMicros() {
    return startTimeMicros;
  }

  /** The compact Reflow JSON, UTF-8, without a trailing newline. */
  public byte[] json() {
    return json;
  }

  /**
   * The zstd frame this trace was read from, whose content is exactly {@link #json()}, when the
   * instance was made by {@link #ofZstdFrame}; empty otherwise.
   */
  public Optional<byte[]> zstdFrame() {
    return Optional.ofNullable(zstdFrame);
  }

  /** The place of this trace in the query order, to continue after it. */
  public TracePosition position() {
    return new TracePosition(startTimeMicros, traceId);
  }

  /** Parses the JSON. */
  public FlowTrace trace() {
    return TraceJson.read(json);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StoredTrace other && traceId.equals(other.traceId)
        && startTimeMicros == other.startTimeMicros && Arrays.equals(json, other.json);
  }

  @Override
  public int hashCode() {
    return traceId.hashCode();
  }

  @Override
  public String toString() {
    return "StoredTrace[" + traceId + ", " + startTimeMicros + ", " + json.length + " bytes"
        + (zstdFrame == null ? "" : ", zstd frame of " + zstdFrame.length + " bytes") + "]";
  }
}
