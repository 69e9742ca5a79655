package dev.reflow.trace.checksum.internal;

import dev.reflow.trace.json.internal.SerdeNumberFormat;

/**
 * ECMAScript's {@code Number.prototype.toString()} for finite doubles, the number form RFC 8785
 * requires (section 3.2.2.3).
 *
 * <p>Both ECMAScript and serde_json (ryu) print the shortest digit string that reads back as the
 * same double, choosing the closest one when several have that length; they differ only in
 * layout. So the digits are taken from {@link SerdeNumberFormat#formatF64} (which gets them from
 * Jackson's Schubfach and fixes up its one-digit case) and laid out again here. Not
 * {@link Double#toString}: on JDK 17 it is not always shortest.
 */
public final class EcmaNumberFormat {
  private EcmaNumberFormat() {}

  /**
   * Formats a finite double as ECMAScript does: {@code 1e+21}, {@code 0.000001}, {@code 1e-7},
   * {@code 4.5}, {@code 100}; both zeros as {@code 0}.
   *
   * @throws IllegalArgumentException for NaN and infinities, which ECMAScript prints as
   *     {@code NaN}/{@code Infinity} and JSON cannot hold
   */
  public static String format(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      throw new IllegalArgumentException("not a finite number: " + v);
    }
    if (v == 0) {
      return "0";
    }
    String serde = SerdeNumberFormat.formatF64(v);
    StringBuilder sb = new StringBuilder(26);
    int start = 0;
    if (serde.charAt(0) == '-') {
      sb.append('-');
      start = 1;
    }
    // serde's layouts: "123.0", "12.34", "0.001234", "1e30", "1.234e-7".
    int e = serde.indexOf('e', start);
    int exp = e < 0 ? 0 : Integer.parseInt(serde, e + 1, serde.length(), 10);
    int mantEnd = e < 0 ? serde.length() : e;
    StringBuilder digits = new StringBuilder(17);
    int pointPos = -1;
    for (int i = start; i < mantEnd; i++) {
      char c = serde.charAt(i);
      if (c == '.') {
        pointPos = digits.length();
      } else {
        digits.append(c);
      }
    }
    if (pointPos < 0) {
      pointPos = digits.length();
    }
    // value = 0.digits * 10^n once leading and trailing zeros are gone.
    int n = pointPos + exp;
    int lead = 0;
    while (lead < digits.length() - 1 && digits.charAt(lead) == '0') {
      lead++;
      n--;
    }
    int end = digits.length();
    while (end > lead + 1 && digits.charAt(end - 1) == '0') {
      end--;
    }
    layout(sb, digits.substring(lead, end), n);
    return sb.toString();
  }

  /** ECMA-262 Number::toString steps 6 to 10, for digits {@code s} (k of them) and exponent n. */
  private static void layout(StringBuilder sb, String s, int n) {
    int k = s.length();
    if (k <= n && n <= 21) {
      sb.append(s);
      for (int i = k; i < n; i++) {
        sb.append('0');
      }
    } else if (0 < n && n <= 21) {
      sb.append(s, 0, n).append('.').append(s, n, k);
    } else if (-6 < n && n <= 0) {
      sb.append("0.");
      for (int i = n; i < 0; i++) {
        sb.append('0');
      }
      sb.append(s);
    } else {
      int e = n - 1;
      sb.append(s.charAt(0));
      if (k > 1) {
        sb.append('.').append(s, 1, k);
      }
      sb.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
    }
  }
}
