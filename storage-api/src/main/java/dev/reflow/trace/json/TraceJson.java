package dev.reflow.trace.json;

import dev.reflow.trace.model.FlowTrace;

/**
 * Reads and writes Reflow's FlowTrace JSON exactly as serde_json does. (Codec implementation in
 * progress on a branch; these signatures are fixed.)
 */
public final class TraceJson {
  private TraceJson() {}

  /** Reads one trace (either model version). */
  public static FlowTrace read(String json) {
    throw new UnsupportedOperationException("codec not implemented yet");
  }

  /** Reads one trace from UTF-8 bytes (either model version). */
  public static FlowTrace read(byte[] utf8) {
    throw new UnsupportedOperationException("codec not implemented yet");
  }

  /** Writes the current model's compact JSON, byte for byte as Reflow does. */
  public static String write(FlowTrace trace) {
    throw new UnsupportedOperationException("codec not implemented yet");
  }

  /** {@link #write(FlowTrace)} as UTF-8 bytes. */
  public static byte[] writeBytes(FlowTrace trace) {
    throw new UnsupportedOperationException("codec not implemented yet");
  }
}
