package dev.reflow.trace.checksum.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.reflow.trace.json.TraceFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * RFC 8785 input must be I-JSON, which forbids repeated object keys; serde_json (and so
 * {@link dev.reflow.trace.json.TraceJson#readValue}) silently keeps the last value instead. This
 * scan runs over text that has already been read successfully, so the only error it can find is a
 * repeated key.
 */
public final class DuplicateKeys {
  private static final JsonFactory STRICT =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private DuplicateKeys() {}

  /** @throws TraceFormatException at the first repeated key */
  public static void check(byte[] json) {
    try (JsonParser p = STRICT.createParser(json)) {
      scan(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@link #check(byte[])} for text. */
  public static void check(String json) {
    try (JsonParser p = STRICT.createParser(json)) {
      scan(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void scan(JsonParser p) throws IOException {
    try {
      while (p.nextToken() != null) {
        // Jackson's duplicate detection fails on the repeated field name itself.
      }
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      String name = p.currentName();
      String where = p.getParsingContext().getParent() == null ? null : p.getParsingContext().getParent().pathAsPointer().toString();
      throw new TraceFormatException(null, loc == null ? -1 : loc.getLineNr(), loc == null ? -1 : loc.getColumnNr(),
          where == null || where.isEmpty() ? null : "JSON pointer " + where,
          "repeated object key " + (name == null ? "" : "\"" + name + "\" ") + "(RFC 8785 input must be I-JSON, "
              + "which forbids repeated keys)", e);
    }
  }
}
