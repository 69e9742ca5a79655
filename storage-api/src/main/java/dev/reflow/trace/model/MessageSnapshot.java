package dev.reflow.trace.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * Reflow's {@code MessageSnapshot}. The first four fields exist in both model versions; the last
 * three were added by the June 2026 change and default to {@code "none"}, {@code 0} and null when
 * an older document lacks them.
 *
 * <p>{@code usize}/{@code u32} fields are held in a {@code long}; a {@code usize} above
 * {@link Long#MAX_VALUE} is kept as its unsigned 64-bit pattern (see {@link Long#toUnsignedString}).
 *
 * @param messageType variant or type name, e.g. {@code "Integer"}
 * @param sizeBytes length of the canonical JSON of the content, before compression (usize)
 * @param checksum {@code "sha256:<64 hex>"}, or {@code ""} when not computed
 * @param serializedData captured content, empty when not captured (copied in and out)
 * @param contentCodec {@code "none"} for uncompressed canonical JSON
 * @param contentFormatVersion 1 for content captured by Reflow's {@code capture()} (u32)
 * @param storedBytes length of the stored content when captured, else null (usize)
 */
public record MessageSnapshot(
    String messageType,
    long sizeBytes,
    String checksum,
    byte[] serializedData,
    String contentCodec,
    long contentFormatVersion,
    Long storedBytes) {

  /** The codec Reflow assumes when a document does not name one. */
  public static final String DEFAULT_CONTENT_CODEC = "none";

  public MessageSnapshot {
    Objects.requireNonNull(messageType, "message_type");
    Objects.requireNonNull(checksum, "checksum");
    serializedData = serializedData == null ? new byte[0] : serializedData.clone();
    contentCodec = contentCodec == null ? DEFAULT_CONTENT_CODEC : contentCodec;
    if (contentFormatVersion < 0 || contentFormatVersion > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("content_format_version out of u32 range: " + contentFormatVersion);
    }
  }

  /** A snapshot in the older four-field shape, with the newer fields at their defaults. */
  public static MessageSnapshot legacy(String messageType, long sizeBytes, String checksum, byte[] serializedData) {
    return new MessageSnapshot(messageType, sizeBytes, checksum, serializedData, DEFAULT_CONTENT_CODEC, 0, null);
  }

  /** A copy of the captured content. */
  @Override
  public byte[] serializedData() {
    return serializedData.clone();
  }

  /** Whether content was captured (non-empty {@code serialized_data}). */
  public boolean hasContent() {
    return serializedData.length > 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MessageSnapshot m
        && messageType.equals(m.messageType)
        && sizeBytes == m.sizeBytes
        && checksum.equals(m.checksum)
        && Arrays.equals(serializedData, m.serializedData)
        && contentCodec.equals(m.contentCodec)
        && contentFormatVersion == m.contentFormatVersion
        && Objects.equals(storedBytes, m.storedBytes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(messageType, sizeBytes, checksum, Arrays.hashCode(serializedData),
        contentCodec, contentFormatVersion, storedBytes);
  }

  @Override
  public String toString() {
    return "MessageSnapshot[messageType=" + messageType + ", sizeBytes=" + Long.toUnsignedString(sizeBytes)
        + ", checksum=" + checksum + ", serializedData=" + serializedData.length + " bytes, contentCodec="
        + contentCodec + ", contentFormatVersion=" + contentFormatVersion + ", storedBytes="
        + (storedBytes == null ? "null" : Long.toUnsignedString(storedBytes)) + "]";
  }
}
