package dev.reflow.trace.storage.mongodb.internal;

import dev.reflow.trace.model.Timestamp;
import java.util.function.Function;
import org.bson.BsonReader;
import org.bson.BsonType;

/**
 * Typed reads of the value a {@link BsonReader} is positioned on, with the document path in
 * every error. A BSON null in a nullable field reads as null, as serde treats a missing
 * {@code Option}; the caller treats a field it never saw the same way, and a missing required
 * field as an error ({@link #required}). A method that throws leaves the value unread; the
 * caller that catches rewinds the reader (see {@link TraceDocumentCodec#read}).
 */
final class BsonFields {
  private BsonFields() {}

  static CorruptDocumentException corrupt(BsonPath at, String reason) {
    return new CorruptDocumentException(at.toString(), reason);
  }

  static CorruptDocumentException wrongType(BsonPath at, String expected, BsonType actual) {
    return corrupt(at, "expected " + expected + ", got " + actual);
  }

  /** The value of a required field, which is null when the document did not have it. */
  static <T> T required(T value, BsonPath doc, String name) {
    if (value == null) {
      throw corrupt(doc.field(name), "missing");
    }
    return value;
  }

  /** Reads a BSON null and answers true, or answers false with the value left to read. */
  /** Fails, naming what was {@code expected}, unless the reader is on a value of {@code type}. */
  private static void expect(BsonReader r, BsonPath at, BsonType type, String expected) {
    if (r.getCurrentBsonType() != type) {
      throw wrongType(at, expected, r.getCurrentBsonType());
    }
  }

  static boolean readNull(BsonReader r) {
    if (r.getCurrentBsonType() == BsonType.NULL) {
      r.readNull();
      return true;
    }
    return false;
  }

  static void startDocument(BsonReader r, BsonPath at) {
    expect(r, at, BsonType.DOCUMENT, "a document");
    r.readStartDocument();
  }

  static void startArray(BsonReader r, BsonPath at) {
    expect(r, at, BsonType.ARRAY, "an array");
    r.readStartArray();
  }

  static String string(BsonReader r, BsonPath at) {
    expect(r, at, BsonType.STRING, "a string");
    return r.readString();
  }

  static String stringOrNull(BsonReader r, BsonPath at) {
    return readNull(r) ? null : string(r, at);
  }

  /** A string parsed into a model value; the parser's complaint names the field. */
  static <T> T parsed(BsonReader r, BsonPath at, Function<String, T> parser) {
    String text = string(r, at);
    try {
      return parser.apply(text);
    } catch (IllegalArgumentException e) {
      throw new CorruptDocumentException(at.toString(), e.getMessage(), e);
    }
  }

  static long unsigned(BsonReader r, BsonPath at) {
    return BsonValues.readUnsigned(r, at);
  }

  static Long unsignedOrNull(BsonReader r, BsonPath at) {
    return readNull(r) ? null : BsonValues.readUnsigned(r, at);
  }

  static long u32(BsonReader r, BsonPath at) {
    long v = BsonValues.readUnsigned(r, at);
    if (v < 0 || v > 0xFFFF_FFFFL) {
      throw corrupt(at, "outside the u32 range: " + Long.toUnsignedString(v));
    }
    return v;
  }

  static Double doubleOrNull(BsonReader r, BsonPath at) {
    if (readNull(r)) {
      return null;
    }
    expect(r, at, BsonType.DOUBLE, "a double");
    return r.readDouble();
  }

  static Timestamp timestamp(BsonReader r, BsonPath at) {
    String text = string(r, at);
    try {
      return Timestamp.parse(text);
    } catch (IllegalArgumentException e) {
      throw new CorruptDocumentException(at.toString(), "expected an RFC 3339 timestamp, got \"" + text + "\"", e);
    }
  }

  static Timestamp timestampOrNull(BsonReader r, BsonPath at) {
    return readNull(r) ? null : timestamp(r, at);
  }

  static byte[] binary(BsonReader r, BsonPath at) {
    expect(r, at, BsonType.BINARY, "binary data");
    return r.readBinaryData().getData();
  }

  static byte[] binaryOrNull(BsonReader r, BsonPath at) {
    return readNull(r) ? null : binary(r, at);
  }
}
