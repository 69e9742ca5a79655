package dev.reflow.trace.checksum;

import dev.reflow.trace.model.JsonValue;

/**
 * Content checksums as Reflow computes them, and RFC 8785 canonical JSON.
 *
 * <pre>{@code
 * String sum = Checksums.contentChecksum(value);              // what Reflow puts in MessageSnapshot.checksum
 * String text = Checksums.reflow().canonicalString(value);    // the bytes that were hashed
 * String jcs = Checksums.jcs().checksum("{\"b\":1,\"a\":2}");  // strict RFC 8785 instead
 * }</pre>
 *
 * <p>The two forms agree only for content without floats, without integers beyond 2^53 and
 * without object keys outside the Basic Multilingual Plane; see {@code docs/checksums.md}.
 */
public final class Checksums {
  private Checksums() {}

  /**
   * Reflow's canonical form, {@code serde_json::to_string(&serde_json::to_value(x))}: compact,
   * keys sorted by code point, integers exact, floats as ryu writes them ({@code 1.0},
   * {@code 1e16}), NaN as {@code null}.
   */
  public static CanonicalForm reflow() {
    return CanonicalForm.REFLOW;
  }

  /** RFC 8785 (JCS): keys sorted by UTF-16 code unit, numbers as ECMAScript prints doubles. */
  public static CanonicalForm jcs() {
    return CanonicalForm.JCS;
  }

  /** Reflow's {@code content_checksum}: {@code "sha256:<hex>"} over the reflow form. */
  public static String contentChecksum(JsonValue value) {
    return reflow().checksum(value);
  }

  /** {@link #contentChecksum(JsonValue)} of one JSON value given as UTF-8 text. */
  public static String contentChecksum(byte[] json) {
    return reflow().checksum(json);
  }

  /** {@link #contentChecksum(JsonValue)} of one JSON value given as text. */
  public static String contentChecksum(String json) {
    return reflow().checksum(json);
  }
}
