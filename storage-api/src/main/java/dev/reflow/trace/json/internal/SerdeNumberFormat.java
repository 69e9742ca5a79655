package dev.reflow.trace.json.internal;

import com.fasterxml.jackson.core.io.schubfach.DoubleToDecimal;
import com.fasterxml.jackson.core.io.schubfach.FloatToDecimal;
import java.math.BigDecimal;

/**
 * Floats exactly as serde_json writes them (the Rust {@code ryu} crate's layout).
 *
 * <p>Why not {@link Double#toString}: on JDK 17 it is not always the shortest round-trip form
 * (e.g. {@code 2.0E-3} style and {@code 1.0E23} cases), and its layout differs from ryu's anyway.
 * The shortest digits come from Jackson's Schubfach port, which implements JDK 19's rule: shortest
 * digits, closest to the exact value, except that when the shortest has one digit it may pick a
 * closer two-digit decimal ({@code 4.9E-324} for {@code Double.MIN_VALUE}). Ryu always picks the
 * shortest ({@code 5e-324}), so a two-digit result is checked for a one-digit alternative.
 *
 * <p>Layout (ryu {@code format64}/{@code format32}), with {@code kk} such that
 * {@code 10^(kk-1) <= |v| < 10^kk}: plain {@code 1234.0} when the value is an integer with
 * {@code kk <= 16} (13 for f32); plain {@code 12.34} when {@code 0 < kk <= 16} (13); plain
 * {@code 0.001234} when {@code -5 < kk <= 0} (-6 for f32); otherwise {@code 1e30} /
 * {@code 1.234e-7}, exponent without {@code +}. Zero is {@code 0.0} / {@code -0.0}. serde_json
 * writes NaN and infinities as {@code null}.
 */
public final class SerdeNumberFormat {
  private SerdeNumberFormat() {}

  /** An f64 as serde_json writes it; {@code "null"} for NaN and infinities. */
  public static String formatF64(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return "null";
    }
    if (v == 0) {
      return (Double.doubleToRawLongBits(v) < 0) ? "-0.0" : "0.0";
    }
    Decimal d = Decimal.parse(DoubleToDecimal.toString(v));
    if (d.digits.length() == 2) {
      d = shortenF64(v, d);
    }
    return layout(d, 16, -5);
  }

  /** An f32 as serde_json writes it (f32 shortest digits); {@code "null"} for NaN and infinities. */
  public static String formatF32(float v) {
    if (Float.isNaN(v) || Float.isInfinite(v)) {
      return "null";
    }
    if (v == 0) {
      return (Float.floatToRawIntBits(v) < 0) ? "-0.0" : "0.0";
    }
    Decimal d = Decimal.parse(FloatToDecimal.toString(v));
    if (d.digits.length() == 2) {
      d = shortenF32(v, d);
    }
    return layout(d, 13, -6);
  }

  /** Appends {@link #formatF64} as ASCII bytes; returns the new position. */
  public static int appendF64(byte[] buf, int pos, double v) {
    return appendAscii(buf, pos, formatF64(v));
  }

  /** Appends {@link #formatF32} as ASCII bytes; returns the new position. */
  public static int appendF32(byte[] buf, int pos, float v) {
    return appendAscii(buf, pos, formatF32(v));
  }

  private static int appendAscii(byte[] buf, int pos, String s) {
    for (int i = 0; i < s.length(); i++) {
      buf[pos++] = (byte) s.charAt(i);
    }
    return pos;
  }

  private static Decimal shortenF64(double v, Decimal two) {
    Decimal down = two.roundToOneDigit(false);
    Decimal up = two.roundToOneDigit(true);
    boolean downOk = Double.parseDouble(down.toJavaString()) == v;
    boolean upOk = Double.parseDouble(up.toJavaString()) == v;
    return pick(new BigDecimal(v), two, down, downOk, up, upOk);
  }

  private static Decimal shortenF32(float v, Decimal two) {
    Decimal down = two.roundToOneDigit(false);
    Decimal up = two.roundToOneDigit(true);
    boolean downOk = Float.parseFloat(down.toJavaString()) == v;
    boolean upOk = Float.parseFloat(up.toJavaString()) == v;
    return pick(new BigDecimal(v), two, down, downOk, up, upOk);
  }

  private static Decimal pick(BigDecimal exact, Decimal two, Decimal down, boolean downOk, Decimal up, boolean upOk) {
    if (downOk && upOk) {
      // Both round-trip: ryu picks the closer one (ties to even digit; cannot really happen here).
      int c = exact.subtract(down.toBigDecimal()).abs().compareTo(up.toBigDecimal().subtract(exact).abs());
      if (c < 0) {
        return down;
      }
      if (c > 0) {
        return up;
      }
      return ((down.digits.charAt(0) - '0') % 2 == 0) ? down : up;
    }
    if (downOk) {
      return down;
    }
    if (upOk) {
      return up;
    }
    return two;
  }

  private static String layout(Decimal d, int maxPlain, int minNegKk) {
    StringBuilder sb = new StringBuilder(26);
    if (d.negative) {
      sb.append('-');
    }
    String digits = d.digits;
    int length = digits.length();
    int kk = d.kk;
    int k = kk - length;
    if (k >= 0 && kk <= maxPlain) {
      sb.append(digits);
      for (int i = length; i < kk; i++) {
        sb.append('0');
      }
      sb.append(".0");
    } else if (kk > 0 && kk <= maxPlain) {
      sb.append(digits, 0, kk).append('.').append(digits, kk, length);
    } else if (kk > minNegKk && kk <= 0) {
      sb.append("0.");
      for (int i = kk; i < 0; i++) {
        sb.append('0');
      }
      sb.append(digits);
    } else {
      sb.append(digits.charAt(0));
      if (length > 1) {
        sb.append('.').append(digits, 1, length);
      }
      sb.append('e').append(kk - 1);
    }
    return sb.toString();
  }

  /** Value = (negative ? -1 : 1) * 0.digits * 10^kk; digits without leading or trailing zeros. */
  private static final class Decimal {
    final boolean negative;
    final String digits;
    final int kk;

    Decimal(boolean negative, String digits, int kk) {
      this.negative = negative;
      this.digits = digits;
      this.kk = kk;
    }

    /** Parses Java's {@code toString} forms: {@code 123.45}, {@code 0.001}, {@code 1.234E-5}. */
    static Decimal parse(String s) {
      int i = 0;
      boolean negative = false;
      if (s.charAt(0) == '-') {
        negative = true;
        i = 1;
      }
      int e = s.indexOf('E');
      int exp = e < 0 ? 0 : Integer.parseInt(s.substring(e + 1));
      String mant = e < 0 ? s.substring(i) : s.substring(i, e);
      int dot = mant.indexOf('.');
      String intPart = dot < 0 ? mant : mant.substring(0, dot);
      String fracPart = dot < 0 ? "" : mant.substring(dot + 1);
      String all = intPart + fracPart;
      // value = 0.all * 10^(intPart.length + exp)
      int kk = intPart.length() + exp;
      int start = 0;
      while (start < all.length() - 1 && all.charAt(start) == '0') {
        start++;
        kk--;
      }
      int end = all.length();
      while (end > start + 1 && all.charAt(end - 1) == '0') {
        end--;
      }
      return new Decimal(negative, all.substring(start, end), kk);
    }

    Decimal roundToOneDigit(boolean up) {
      int first = digits.charAt(0) - '0';
      if (!up) {
        return new Decimal(negative, Integer.toString(first), kk);
      }
      return first == 9 ? new Decimal(negative, "1", kk + 1) : new Decimal(negative, Integer.toString(first + 1), kk);
    }

    String toJavaString() {
      return (negative ? "-0." : "0.") + digits + "E" + kk;
    }

    BigDecimal toBigDecimal() {
      return new BigDecimal(toJavaString());
    }
  }
}
