package dev.reflow.trace.checksum;

import dev.reflow.trace.model.EventId;
import dev.reflow.trace.model.TraceId;
import java.util.Objects;

/**
 * The outcome of checking one captured message snapshot.
 *
 * @param traceId the trace the event belongs to
 * @param eventId the event that carries the snapshot
 * @param eventIndex the event's position in {@code events} (0-based)
 * @param messageType the snapshot's {@code message_type}
 * @param status what was found
 * @param expected the stored {@code checksum} ({@code ""} when none)
 * @param actual the checksum recomputed from the content, or null when it could not be computed
 * @param detail a sentence for humans: why it failed or was not verified; empty when OK
 */
public record SnapshotCheck(
    TraceId traceId,
    EventId eventId,
    int eventIndex,
    String messageType,
    Status status,
    String expected,
    String actual,
    String detail) {

  /** What checking a snapshot found. */
  public enum Status {
    /** The recomputed checksum equals the stored one. */
    OK,
    /** The content's checksum differs from the stored one: content or checksum was altered. */
    MISMATCH,
    /** The content does not decode (not JSON, or not representable) under its codec. */
    INVALID_CONTENT,
    /** {@code content_codec} (or {@code content_format_version}) is one this library does not know; not guessed. */
    UNKNOWN_CODEC,
    /** The stored checksum does not start with {@code sha256:}; no other algorithm is known. */
    UNKNOWN_ALGORITHM,
    /** Content was captured but {@code checksum} is {@code ""} (not computed): nothing to compare. */
    NO_CHECKSUM;

    /** Whether this outcome means the content or its checksum is wrong. */
    public boolean isFailure() {
      return this == MISMATCH || this == INVALID_CONTENT;
    }
  }

  public SnapshotCheck {
    Objects.requireNonNull(traceId, "traceId");
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(messageType, "messageType");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(expected, "expected");
    detail = detail == null ? "" : detail;
  }

  /** One line: {@code MISMATCH event <id> (#3, Integer): expected sha256:…, actual sha256:…}. */
  public String describe() {
    StringBuilder sb = new StringBuilder()
        .append(status).append(" event ").append(eventId)
        .append(" (#").append(eventIndex).append(", ").append(messageType).append(')');
    switch (status) {
      case OK -> sb.append(": ").append(expected);
      case MISMATCH -> sb.append(": expected ").append(expected).append(", actual ").append(actual);
      default -> {
        if (!expected.isEmpty()) {
          sb.append(": expected ").append(expected);
        }
      }
    }
    if (!detail.isEmpty()) {
      sb.append(" (").append(detail).append(')');
    }
    return sb.toString();
  }
}
