package dev.reflow.trace.storage.mongodb.internal;

import dev.reflow.trace.model.Timestamp;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * Typed reads from one sub-document, with the document path in every error. A missing nullable
 * field reads as null, as serde treats a missing {@code Option}; a missing required field is an
 * error.
 */
final class Fields {
  private final BsonDocument doc;
  private final String path;

  Fields(BsonDocument doc, String path) {
    this.doc = doc;
    this.path = path;
  }

  static Fields of(BsonValue value, String path) {
    if (value == null || !value.isDocument()) {
      throw new CorruptDocumentException(path, "expected a document, got " + type(value));
    }
    return new Fields(value.asDocument(), path);
  }

  String path(String name) {
    return path + "." + name;
  }

  BsonValue required(String name) {
    BsonValue v = doc.get(name);
    if (v == null) {
      throw new CorruptDocumentException(path(name), "missing");
    }
    return v;
  }

  /** The value, or null when missing or BSON null. */
  BsonValue optional(String name) {
    BsonValue v = doc.get(name);
    return v == null || v.isNull() ? null : v;
  }

  String string(String name) {
    BsonValue v = required(name);
    if (!v.isString()) {
      throw new CorruptDocumentException(path(name), "expected a string, got " + type(v));
    }
    return v.asString().getValue();
  }

  String stringOrNull(String name) {
    return optional(name) == null ? null : string(name);
  }

  long unsigned(String name) {
    return BsonValues.toUnsigned(required(name), path(name));
  }

  Long unsignedOrNull(String name) {
    return optional(name) == null ? null : unsigned(name);
  }

  long u32(String name) {
    long v = unsigned(name);
    if (v < 0 || v > 0xFFFF_FFFFL) {
      throw new CorruptDocumentException(path(name), "outside the u32 range: " + Long.toUnsignedString(v));
    }
    return v;
  }

  Double doubleOrNull(String name) {
    BsonValue v = optional(name);
    if (v == null) {
      return null;
    }
    if (!v.isDouble()) {
      throw new CorruptDocumentException(path(name), "expected a double, got " + type(v));
    }
    return v.asDouble().getValue();
  }

  Timestamp timestamp(String name) {
    String text = string(name);
    try {
      return Timestamp.parse(text);
    } catch (IllegalArgumentException e) {
      throw new CorruptDocumentException(path(name), "expected an RFC 3339 timestamp, got \"" + text + "\"", e);
    }
  }

  Timestamp timestampOrNull(String name) {
    return optional(name) == null ? null : timestamp(name);
  }

  byte[] binary(String name) {
    BsonValue v = required(name);
    if (!v.isBinary()) {
      throw new CorruptDocumentException(path(name), "expected binary data, got " + type(v));
    }
    return v.asBinary().getData();
  }

  byte[] binaryOrNull(String name) {
    return optional(name) == null ? null : binary(name);
  }

  Fields document(String name) {
    return of(required(name), path(name));
  }

  Fields documentOrNull(String name) {
    return optional(name) == null ? null : document(name);
  }

  BsonArray array(String name) {
    BsonValue v = required(name);
    if (!v.isArray()) {
      throw new CorruptDocumentException(path(name), "expected an array, got " + type(v));
    }
    return v.asArray();
  }

  private static String type(BsonValue v) {
    return v == null ? "nothing" : v.getBsonType().toString();
  }
}
