package dev.reflow.trace.checksum.internal;

import dev.reflow.trace.checksum.CanonicalizationException;
import dev.reflow.trace.model.JsonValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link JsonValue} as compact UTF-8 JSON with sorted object keys. The two canonical forms
 * differ only in how keys are ordered and numbers are written, which subclasses decide; string
 * escaping is the same in serde_json and RFC 8785 ({@code \b \t \n \f \r \" \\}, other C0
 * controls as lower-case {@code \}{@code u00xx}, everything else raw UTF-8).
 *
 * <p>One instance per call: it holds the output buffer and the current path (for error messages).
 */
public abstract class CanonicalJsonWriter {
  private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private byte[] buf = new byte[256];
  private int len;
  private final List<Object> path = new ArrayList<>();

  /** {@code "reflow"} or {@code "jcs"}, for error messages. */
  protected abstract String formName();

  /** The order in which object members are written. */
  protected abstract Comparator<String> keyOrder();

  protected abstract void writeInteger(JsonValue.JsonInteger value);

  protected abstract void writeFloat(JsonValue.JsonFloat value);

  /** Writes {@code value} and returns the bytes. */
  public final byte[] write(JsonValue value) {
    writeValue(value);
    return Arrays.copyOf(buf, len);
  }

  private void writeValue(JsonValue value) {
    // Java 17: no pattern switch yet.
    if (value instanceof JsonValue.JsonString s) {
      writeString(s.value());
    } else if (value instanceof JsonValue.JsonObject o) {
      writeObject(o.members());
    } else if (value instanceof JsonValue.JsonArray a) {
      writeArray(a.items());
    } else if (value instanceof JsonValue.JsonInteger i) {
      writeInteger(i);
    } else if (value instanceof JsonValue.JsonFloat f) {
      writeFloat(f);
    } else if (value instanceof JsonValue.JsonBoolean b) {
      writeAscii(b.value() ? "true" : "false");
    } else {
      writeAscii("null");
    }
  }

  private void writeArray(List<JsonValue> items) {
    writeByte('[');
    for (int i = 0; i < items.size(); i++) {
      if (i > 0) {
        writeByte(',');
      }
      path.add(i);
      writeValue(items.get(i));
      path.remove(path.size() - 1);
    }
    writeByte(']');
  }

  private void writeObject(Map<String, JsonValue> members) {
    String[] keys = members.keySet().toArray(new String[0]);
    Arrays.sort(keys, keyOrder());
    writeByte('{');
    for (int i = 0; i < keys.length; i++) {
      if (i > 0) {
        writeByte(',');
      }
      path.add(keys[i]);
      writeString(keys[i]);
      writeByte(':');
      writeValue(members.get(keys[i]));
      path.remove(path.size() - 1);
    }
    writeByte('}');
  }

  private void writeString(String s) {
    writeByte('"');
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        switch (c) {
          case '"' -> writeTwo('\\', '"');
          case '\\' -> writeTwo('\\', '\\');
          case '\b' -> writeTwo('\\', 'b');
          case '\f' -> writeTwo('\\', 'f');
          case '\n' -> writeTwo('\\', 'n');
          case '\r' -> writeTwo('\\', 'r');
          case '\t' -> writeTwo('\\', 't');
          default -> {
            if (c < 0x20) {
              writeAscii("\\u00");
              writeByte(HEX[c >> 4]);
              writeByte(HEX[c & 0xF]);
            } else {
              writeByte(c);
            }
          }
        }
      } else if (c < 0x800) {
        writeByte(0xC0 | (c >> 6));
        writeByte(0x80 | (c & 0x3F));
      } else if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          int cp = Character.toCodePoint(c, s.charAt(++i));
          writeByte(0xF0 | (cp >> 18));
          writeByte(0x80 | ((cp >> 12) & 0x3F));
          writeByte(0x80 | ((cp >> 6) & 0x3F));
          writeByte(0x80 | (cp & 0x3F));
        } else {
          throw error(String.format("unpaired surrogate U+%04X in a string is not Unicode text", (int) c));
        }
      } else {
        writeByte(0xE0 | (c >> 12));
        writeByte(0x80 | ((c >> 6) & 0x3F));
        writeByte(0x80 | (c & 0x3F));
      }
    }
    writeByte('"');
  }

  /** An error at the current path. */
  protected final CanonicalizationException error(String reason) {
    return new CanonicalizationException(formName(), JsonPaths.format(path), reason);
  }

  protected final void writeAscii(String s) {
    ensure(s.length());
    for (int i = 0; i < s.length(); i++) {
      buf[len++] = (byte) s.charAt(i);
    }
  }

  private void writeTwo(char a, char b) {
    ensure(2);
    buf[len++] = (byte) a;
    buf[len++] = (byte) b;
  }

  private void writeByte(int b) {
    ensure(1);
    buf[len++] = (byte) b;
  }

  private void ensure(int more) {
    if (len + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
    }
  }
}
