package dev.reflow.trace.checksum;

import dev.reflow.trace.json.TraceFormatException;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.JsonValue;
import dev.reflow.trace.model.MessageSnapshot;
import dev.reflow.trace.model.TraceEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Recomputes the content checksums of a trace's captured message snapshots.
 *
 * <p>Reflow's {@code MessageSnapshot::capture} stores the canonical JSON of the message in
 * {@code serialized_data} with {@code content_codec = "none"} and {@code content_format_version
 * = 1}, and hashes those same bytes. Verification reads the content as JSON, canonicalizes it with
 * the {@link Checksums#reflow() reflow} form, hashes it and compares. Reflow has no other codec;
 * anything else is reported as {@link SnapshotCheck.Status#UNKNOWN_CODEC}, never guessed.
 */
public final class TraceIntegrity {
  /** The codecs this library can decode: Reflow's only one, uncompressed canonical JSON. */
  public static final String CODEC_NONE = "none";
  /** The newest {@code content_format_version} known (Reflow's {@code CONTENT_FORMAT_VERSION}). */
  public static final long MAX_CONTENT_FORMAT_VERSION = 1;

  private TraceIntegrity() {}

  /** Checks every snapshot whose content was captured ({@code serialized_data} non-empty). */
  public static IntegrityReport verify(FlowTrace trace) {
    Objects.requireNonNull(trace, "trace");
    List<SnapshotCheck> checks = new ArrayList<>();
    int withoutContent = 0;
    List<TraceEvent> events = trace.events();
    for (int i = 0; i < events.size(); i++) {
      TraceEvent event = events.get(i);
      MessageSnapshot snapshot = event.data().message();
      if (snapshot == null) {
        continue;
      }
      if (!snapshot.hasContent()) {
        withoutContent++;
        continue;
      }
      checks.add(check(trace, event, i, snapshot));
    }
    return new IntegrityReport(trace.traceId(), checks, withoutContent);
  }

  private static SnapshotCheck check(FlowTrace trace, TraceEvent event, int index, MessageSnapshot snapshot) {
    String expected = snapshot.checksum();
    if (!CODEC_NONE.equals(snapshot.contentCodec())) {
      return result(trace, event, index, snapshot, SnapshotCheck.Status.UNKNOWN_CODEC, null,
          "content_codec \"" + snapshot.contentCodec() + "\" is not known; known: [" + CODEC_NONE + "]");
    }
    if (snapshot.contentFormatVersion() > MAX_CONTENT_FORMAT_VERSION) {
      return result(trace, event, index, snapshot, SnapshotCheck.Status.UNKNOWN_CODEC, null,
          "content_format_version " + snapshot.contentFormatVersion() + " is newer than " + MAX_CONTENT_FORMAT_VERSION);
    }
    if (expected.isEmpty()) {
      return result(trace, event, index, snapshot, SnapshotCheck.Status.NO_CHECKSUM, null, "checksum not computed");
    }
    if (!expected.startsWith(CanonicalForm.CHECKSUM_PREFIX)) {
      int colon = expected.indexOf(':');
      String algorithm = colon < 0 ? "unprefixed" : "\"" + expected.substring(0, colon) + "\"";
      return result(trace, event, index, snapshot, SnapshotCheck.Status.UNKNOWN_ALGORITHM, null,
          "checksum algorithm " + algorithm + " is not known; known: [sha256]");
    }
    byte[] content = snapshot.serializedData();
    byte[] canonical;
    try {
      JsonValue value = Checksums.reflow().parse(content);
      canonical = Checksums.reflow().canonicalize(value);
    } catch (TraceFormatException | CanonicalizationException e) {
      return result(trace, event, index, snapshot, SnapshotCheck.Status.INVALID_CONTENT, null,
          "content is not valid JSON: " + e.getMessage());
    }
    String actual = CanonicalForm.digest(canonical);
    if (!actual.equals(expected)) {
      return result(trace, event, index, snapshot, SnapshotCheck.Status.MISMATCH, actual, "");
    }
    // Reflow stores the canonical bytes themselves; equal checksums over different bytes mean the
    // content was re-encoded on the way (still the same value, so OK, but worth saying).
    List<String> notes = new ArrayList<>();
    if (!Arrays.equals(canonical, content)) {
      notes.add("content is not stored in canonical form");
    }
    // size_bytes is the canonical length by Reflow's definition; a difference does not touch the
    // checksum, so it is reported without failing the check.
    if (snapshot.sizeBytes() != canonical.length) {
      notes.add("size_bytes " + Long.toUnsignedString(snapshot.sizeBytes()) + " differs from the canonical length "
          + canonical.length);
    }
    return result(trace, event, index, snapshot, SnapshotCheck.Status.OK, actual, String.join("; ", notes));
  }

  private static SnapshotCheck result(FlowTrace trace, TraceEvent event, int index, MessageSnapshot snapshot,
      SnapshotCheck.Status status, String actual, String detail) {
    return new SnapshotCheck(trace.traceId(), event.eventId(), index, snapshot.messageType(), status,
        snapshot.checksum(), actual, detail);
  }
}
