package dev.reflow.trace.checksum;

import dev.reflow.trace.checksum.internal.CanonicalJsonWriter;
import dev.reflow.trace.checksum.internal.JcsCanonicalWriter;
import dev.reflow.trace.checksum.internal.DuplicateKeys;
import dev.reflow.trace.checksum.internal.ReflowCanonicalWriter;
import dev.reflow.trace.json.TraceFormatException;
import dev.reflow.trace.json.TraceJson;
import dev.reflow.trace.model.JsonValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One canonical JSON form and the content checksum over it: {@link Checksums#reflow()} or
 * {@link Checksums#jcs()}. Immutable and thread-safe.
 *
 * <p>Methods taking JSON text read exactly one JSON value from it (UTF-8 for bytes) and throw
 * {@link TraceFormatException}, naming line, column and path, when it is not one. Values a form
 * cannot represent throw {@link CanonicalizationException}.
 */
public final class CanonicalForm {
  /** The prefix of every checksum; Reflow's {@code CHECKSUM_PREFIX}. */
  public static final String CHECKSUM_PREFIX = "sha256:";

  private final String name;
  private final Supplier<CanonicalJsonWriter> writers;
  private final boolean rejectDuplicateKeys;

  private CanonicalForm(String name, Supplier<CanonicalJsonWriter> writers, boolean rejectDuplicateKeys) {
    this.name = name;
    this.writers = writers;
    this.rejectDuplicateKeys = rejectDuplicateKeys;
  }

  static final CanonicalForm REFLOW = new CanonicalForm("reflow", ReflowCanonicalWriter::new, false);
  static final CanonicalForm JCS = new CanonicalForm("jcs", JcsCanonicalWriter::new, true);

  /** {@code "reflow"} or {@code "jcs"}. */
  public String name() {
    return name;
  }

  /** The canonical UTF-8 bytes of a value. */
  public byte[] canonicalize(JsonValue value) {
    return writers.get().write(Objects.requireNonNull(value, "value"));
  }

  /** The canonical bytes of one JSON value given as UTF-8 text. */
  public byte[] canonicalize(byte[] json) {
    return canonicalize(parse(json));
  }

  /** The canonical bytes of one JSON value given as text. */
  public byte[] canonicalize(String json) {
    return canonicalize(parse(json));
  }

  /** {@link #canonicalize(JsonValue)} as a string. */
  public String canonicalString(JsonValue value) {
    return new String(canonicalize(value), StandardCharsets.UTF_8);
  }

  /** {@link #canonicalize(String)} as a string. */
  public String canonicalString(String json) {
    return new String(canonicalize(json), StandardCharsets.UTF_8);
  }

  /** {@code "sha256:" + lowercase hex(SHA-256(canonical bytes))}. */
  public String checksum(JsonValue value) {
    return digest(canonicalize(value));
  }

  /** The checksum of one JSON value given as UTF-8 text. */
  public String checksum(byte[] json) {
    return digest(canonicalize(json));
  }

  /** The checksum of one JSON value given as text. */
  public String checksum(String json) {
    return digest(canonicalize(json));
  }

  /**
   * Reads one JSON value as this form reads input. Both read as serde_json does
   * ({@link TraceJson#readValue}: exact i64/u64 integers, correctly rounded f64, no lone
   * surrogates); {@code reflow} lets a repeated key keep its last value, as serde_json does, while
   * {@code jcs} rejects repeated keys, as RFC 8785 requires.
   */
  public JsonValue parse(byte[] json) {
    JsonValue value = TraceJson.readValue(Objects.requireNonNull(json, "json"));
    if (rejectDuplicateKeys) {
      DuplicateKeys.check(json);
    }
    return value;
  }

  /** {@link #parse(byte[])} for text. */
  public JsonValue parse(String json) {
    JsonValue value = TraceJson.readValue(Objects.requireNonNull(json, "json"));
    if (rejectDuplicateKeys) {
      DuplicateKeys.check(json);
    }
    return value;
  }

  /** {@code "sha256:<hex>"} of bytes that are already canonical (Reflow's {@code checksum_of_canonical}). */
  public static String digest(byte[] canonical) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return CHECKSUM_PREFIX + HexFormat.of().formatHex(sha.digest(canonical));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "CanonicalForm[" + name + "]";
  }
}
