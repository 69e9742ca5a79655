package dev.reflow.trace.json.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.reflow.trace.model.Timestamp;
import dev.reflow.trace.model.TraceId;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.UUID;

/**
 * Readers of Reflow's scalar types with serde's semantics: exact integer ranges ({@code -0} and
 * integers beyond 64 bits are floats to serde_json), any number for a float, no lone surrogates in
 * strings, UUIDs in every form the {@code uuid} crate parses, RFC 3339 timestamps.
 */
final class Scalars {
  private Scalars() {}

  static String string(JsonCursor c) throws IOException {
    return string(c, "a string");
  }

  static String string(JsonCursor c, String expected) throws IOException {
    JsonParser p = c.p;
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      throw c.invalidType(expected);
    }
    String s = p.getText();
    checkSurrogates(c, s);
    return s;
  }

  /**
   * serde_json rejects escaped lone surrogates (a backslash-u escape of a lone surrogate); Rust
   * strings cannot hold them.
   */
  static void checkSurrogates(JsonCursor c, String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char ch = s.charAt(i);
      if (ch >= Character.MIN_SURROGATE && ch <= Character.MAX_SURROGATE) {
        if (Character.isHighSurrogate(ch) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          throw c.fail("lone surrogate U+" + Integer.toHexString(ch).toUpperCase() + " in string");
        }
      }
    }
  }

  static UUID uuid(JsonCursor c) throws IOException {
    JsonParser p = c.p;
    if (p.currentToken() == JsonToken.VALUE_STRING && p.getTextLength() == 36) {
      // Fast path for the canonical form, straight from Jackson's buffer.
      UUID u = hyphenated(p.getTextCharacters(), p.getTextOffset());
      if (u != null) {
        return u;
      }
    }
    String s = string(c, "a UUID string");
    try {
      return TraceId.parse(s).value();
    } catch (IllegalArgumentException e) {
      throw c.fail("invalid UUID " + JsonCursor.quote(s)
          + ": expected 32 hex digits, hyphenated, braced or urn:uuid: form");
    }
  }

  private static UUID hyphenated(char[] c, int o) {
    if (c[o + 8] != '-' || c[o + 13] != '-' || c[o + 18] != '-' || c[o + 23] != '-') {
      return null;
    }
    long msb = 0;
    long lsb = 0;
    for (int i = 0; i < 36; i++) {
      if (i == 8 || i == 13 || i == 18 || i == 23) {
        continue;
      }
      int d = HEX_VALUE[c[o + i] & 0x7f];
      if (d < 0 || c[o + i] > 0x7f) {
        return null;
      }
      if (i < 19) {
        msb = (msb << 4) | d;
      } else {
        lsb = (lsb << 4) | d;
      }
    }
    return new UUID(msb, lsb);
  }

  private static final int[] HEX_VALUE = new int[128];

  static {
    Arrays.fill(HEX_VALUE, -1);
    for (int i = 0; i < 10; i++) {
      HEX_VALUE['0' + i] = i;
    }
    for (int i = 0; i < 6; i++) {
      HEX_VALUE['a' + i] = 10 + i;
      HEX_VALUE['A' + i] = 10 + i;
    }
  }

  static Timestamp timestamp(JsonCursor c) throws IOException {
    String s = string(c, "an RFC 3339 timestamp string");
    try {
      return Timestamp.parse(s);
    } catch (IllegalArgumentException e) {
      throw c.fail("expected RFC 3339 timestamp, got " + JsonCursor.quote(s));
    }
  }

  static long u64(JsonCursor c) throws IOException {
    return unsigned(c, "u64", -1L);
  }

  static long u32(JsonCursor c) throws IOException {
    return unsigned(c, "u32", 0xFFFF_FFFFL);
  }

  /** A {@code usize} this library holds in an {@code int} (a limit or an offset). */
  static int usizeAsInt(JsonCursor c) throws IOException {
    long v = u64(c);
    if (v > Integer.MAX_VALUE || v < 0) {
      throw c.fail("invalid value: integer `" + Long.toUnsignedString(v)
          + "`, larger than this library's limit " + Integer.MAX_VALUE);
    }
    return (int) v;
  }

  /** An integer token as an unsigned 64-bit pattern, checked against {@code max} (unsigned). */
  private static long unsigned(JsonCursor c, String type, long max) throws IOException {
    JsonParser p = c.p;
    if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
      throw c.invalidType(type);
    }
    JsonParser.NumberType nt = p.getNumberType();
    long v;
    if (nt == JsonParser.NumberType.INT || nt == JsonParser.NumberType.LONG) {
      v = p.getLongValue();
      if (v < 0) {
        throw c.fail("invalid value: integer `" + v + "`, expected " + type);
      }
      if (v == 0 && c.startsWithMinus()) {
        // serde_json reads -0 as a float.
        throw c.fail("invalid type: floating point `-0.0`, expected " + type);
      }
    } else {
      BigInteger b = p.getBigIntegerValue();
      if (b.signum() < 0 || b.bitLength() > 64) {
        // Outside i64/u64, serde_json parses the number as a float.
        throw c.fail("invalid type: floating point `" + p.getText() + "`, expected " + type);
      }
      v = b.longValue();
    }
    if (Long.compareUnsigned(v, max) > 0) {
      throw c.fail("invalid value: integer `" + Long.toUnsignedString(v) + "`, expected " + type);
    }
    return v;
  }

  static double f64(JsonCursor c) throws IOException {
    return f64(c, "f64");
  }

  /** A number as f64, as serde's f64 visitor takes any JSON number. */
  private static double f64(JsonCursor c, String type) throws IOException {
    JsonParser p = c.p;
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NUMBER_FLOAT) {
      double d = p.getDoubleValue();
      if (Double.isInfinite(d)) {
        throw c.fail("number out of range");
      }
      return d;
    }
    if (t == JsonToken.VALUE_NUMBER_INT) {
      if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
        return p.getBigIntegerValue().doubleValue();
      }
      long v = p.getLongValue();
      if (v == 0 && c.startsWithMinus()) {
        return -0.0;
      }
      return v;
    }
    throw c.invalidType(type);
  }

  static float f32(JsonCursor c) throws IOException {
    JsonParser p = c.p;
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
      long v = p.getLongValue();
      // serde converts an integer straight to f32 (one rounding), a float via f64 (two).
      if (v == 0 && c.startsWithMinus()) {
        return -0.0f;
      }
      return v;
    }
    if (t == JsonToken.VALUE_NUMBER_INT) {
      return p.getBigIntegerValue().floatValue();
    }
    return (float) f64(c, "f32");
  }

  /** A {@code Vec<u8>}: an array of integers 0 to 255 (not base64). */
  static byte[] bytes(JsonCursor c) throws IOException {
    JsonParser p = c.p;
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw c.invalidType("a sequence of u8");
    }
    byte[] out = new byte[16];
    int n = 0;
    while (p.nextToken() != JsonToken.END_ARRAY) {
      long v = unsigned(c, "u8", 255);
      if (n == out.length) {
        out = Arrays.copyOf(out, n * 2);
      }
      out[n++] = (byte) v;
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }
}
