package dev.reflow.trace.json.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

/**
 * A growing UTF-8 byte buffer with serde_json's compact output rules. Hand-written rather than a
 * Jackson generator because serde_json's float layout and string escaping differ from Jackson's,
 * and writing bytes directly is the fastest path. Not thread-safe; reuse with {@link #reset()}.
 */
public final class JsonOut {
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  /** For each ASCII byte: 0 = raw, otherwise the escape character ('u' = u00xx). */
  private static final byte[] ESCAPE = new byte[128];

  static {
    for (int i = 0; i < 0x20; i++) {
      ESCAPE[i] = 'u';
    }
    ESCAPE['"'] = '"';
    ESCAPE['\\'] = '\\';
    ESCAPE['\b'] = 'b';
    ESCAPE['\f'] = 'f';
    ESCAPE['\n'] = 'n';
    ESCAPE['\r'] = 'r';
    ESCAPE['\t'] = 't';
  }

  private byte[] buf;
  private int pos;

  public JsonOut() {
    this(8192);
  }

  public JsonOut(int initialCapacity) {
    buf = new byte[Math.max(64, initialCapacity)];
  }

  public void reset() {
    pos = 0;
  }

  public int size() {
    return pos;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, pos);
  }

  @Override
  public String toString() {
    return new String(buf, 0, pos, StandardCharsets.UTF_8);
  }

  /** Whether the bytes written equal {@code other[from, to)}. */
  public boolean contentEquals(byte[] other, int from, int to) {
    return Arrays.equals(buf, 0, pos, other, from, to);
  }

  public void writeTo(OutputStream out) throws IOException {
    out.write(buf, 0, pos);
  }

  private void ensure(int extra) {
    if (pos + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + extra));
    }
  }

  public void raw(char c) {
    ensure(1);
    buf[pos++] = (byte) c;
  }

  /** ASCII-only text written as is (keys with their quotes and colon, literals). */
  public void raw(String ascii) {
    int n = ascii.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      buf[pos++] = (byte) ascii.charAt(i);
    }
  }

  public void rawBytes(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buf, pos, bytes.length);
    pos += bytes.length;
  }

  public void nullValue() {
    raw("null");
  }

  public void bool(boolean b) {
    raw(b ? "true" : "false");
  }

  /** A signed decimal integer. */
  public void number(long v) {
    if (v < 0) {
      if (v == Long.MIN_VALUE) {
        raw("-9223372036854775808");
        return;
      }
      raw('-');
      v = -v;
    }
    positive(v);
  }

  /** A u64/usize held as its unsigned bit pattern. */
  public void unsigned(long v) {
    if (v < 0) {
      raw(Long.toUnsignedString(v));
    } else {
      positive(v);
    }
  }

  private void positive(long v) {
    ensure(20);
    if (v < 10) {
      buf[pos++] = (byte) ('0' + v);
      return;
    }
    int digits = 1;
    for (long t = v; t >= 10; t /= 10) {
      digits++;
    }
    int end = pos + digits;
    for (int i = end - 1; i >= pos; i--) {
      buf[i] = (byte) ('0' + (v % 10));
      v /= 10;
    }
    pos = end;
  }

  public void f64(double v) {
    ensure(32);
    pos = SerdeNumberFormat.appendF64(buf, pos, v);
  }

  public void f32(float v) {
    ensure(32);
    pos = SerdeNumberFormat.appendF32(buf, pos, v);
  }

  /** A quoted lowercase hyphenated UUID. */
  public void uuid(UUID u) {
    ensure(38);
    buf[pos++] = '"';
    long msb = u.getMostSignificantBits();
    long lsb = u.getLeastSignificantBits();
    hex(msb >>> 32, 8);
    buf[pos++] = '-';
    hex(msb >>> 16, 4);
    buf[pos++] = '-';
    hex(msb, 4);
    buf[pos++] = '-';
    hex(lsb >>> 48, 4);
    buf[pos++] = '-';
    hex(lsb, 12);
    buf[pos++] = '"';
  }

  /**
   * A quoted timestamp in chrono's {@code AutoSi} RFC 3339 form, identical to
   * {@link dev.reflow.trace.model.Timestamp#toString()} but without intermediate objects.
   *
   * @throws IllegalArgumentException for a year outside chrono's range
   */
  public void timestamp(long epochSecond, int nanos) {
    ensure(48);
    long days = Math.floorDiv(epochSecond, 86_400L);
    int secOfDay = (int) Math.floorMod(epochSecond, 86_400L);
    // Howard Hinnant's civil_from_days.
    long z = days + 719_468;
    long era = Math.floorDiv(z, 146_097);
    long doe = z - era * 146_097;
    long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    int day = (int) (doy - (153 * mp + 2) / 5 + 1);
    int month = (int) (mp < 10 ? mp + 3 : mp - 9);
    long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    if (year < -262_143 || year > 262_142) {
      // chrono's DateTime cannot hold it, so Reflow could never have written it.
      throw new IllegalArgumentException("timestamp year " + year
          + " is outside chrono's range (-262143 to 262142) and has no Reflow form");
    }
    int second = secOfDay % 60;
    int frac = nanos;
    if (frac >= 1_000_000_000) {
      frac -= 1_000_000_000;
      second = 60;
    }
    byte[] b = buf;
    b[pos++] = '"';
    if (year >= 0 && year <= 9999) {
      pad((int) year, 4);
    } else {
      b[pos++] = (byte) (year < 0 ? '-' : '+');
      long abs = Math.abs(year);
      String digits = Long.toString(abs);
      for (int i = digits.length(); i < 4; i++) {
        b[pos++] = '0';
      }
      for (int i = 0; i < digits.length(); i++) {
        b[pos++] = (byte) digits.charAt(i);
      }
    }
    b[pos++] = '-';
    pad(month, 2);
    b[pos++] = '-';
    pad(day, 2);
    b[pos++] = 'T';
    pad(secOfDay / 3600, 2);
    b[pos++] = ':';
    pad(secOfDay / 60 % 60, 2);
    b[pos++] = ':';
    pad(second, 2);
    if (frac != 0) {
      b[pos++] = '.';
      if (frac % 1_000_000 == 0) {
        pad(frac / 1_000_000, 3);
      } else if (frac % 1000 == 0) {
        pad(frac / 1000, 6);
      } else {
        pad(frac, 9);
      }
    }
    b[pos++] = 'Z';
    b[pos++] = '"';
  }

  private void pad(int v, int width) {
    for (int i = pos + width - 1; i >= pos; i--) {
      buf[i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    pos += width;
  }

  private void hex(long v, int digits) {
    for (int i = digits - 1; i >= 0; i--) {
      buf[pos + i] = HEX[(int) (v & 0xf)];
      v >>>= 4;
    }
    pos += digits;
  }

  /**
   * A quoted string, escaped as serde_json does: {@code \" \\ \b \f \n \r \t}, other controls as
   * lowercase {@code \\}{@code u00xx}, everything else raw UTF-8.
   *
   * @throws IllegalArgumentException for an unpaired surrogate, which no Rust string can hold
   */
  public void string(String s) {
    int n = s.length();
    ensure(n * 3 + 2);
    byte[] b = buf;
    int p = pos;
    b[p++] = '"';
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        byte e = ESCAPE[c];
        if (e == 0) {
          b[p++] = (byte) c;
        } else {
          // Worst case 6 bytes for 1 char where 3 were reserved.
          pos = p;
          ensure((n - i) * 3 + 8);
          b = buf;
          b[p++] = '\\';
          b[p++] = e;
          if (e == 'u') {
            b[p++] = '0';
            b[p++] = '0';
            b[p++] = HEX[c >> 4];
            b[p++] = HEX[c & 0xf];
          }
        }
      } else if (c < 0x800) {
        b[p++] = (byte) (0xc0 | (c >> 6));
        b[p++] = (byte) (0x80 | (c & 0x3f));
      } else if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          int cp = Character.toCodePoint(c, s.charAt(++i));
          b[p++] = (byte) (0xf0 | (cp >> 18));
          b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
          b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
          b[p++] = (byte) (0x80 | (cp & 0x3f));
        } else {
          throw new IllegalArgumentException(
              "string contains an unpaired surrogate U+" + Integer.toHexString(c).toUpperCase()
                  + " at index " + i + "; it cannot be written as UTF-8");
        }
      } else {
        b[p++] = (byte) (0xe0 | (c >> 12));
        b[p++] = (byte) (0x80 | ((c >> 6) & 0x3f));
        b[p++] = (byte) (0x80 | (c & 0x3f));
      }
    }
    b[p++] = '"';
    pos = p;
  }
}
