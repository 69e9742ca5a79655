package dev.reflow.trace.checksum.internal;

import dev.reflow.trace.json.internal.SerdeNumberFormat;
import dev.reflow.trace.model.JsonValue;
import java.util.Comparator;

/**
 * Reflow's canonical form: {@code serde_json::to_string(&serde_json::to_value(x))}. A
 * {@code Value} object is a {@code BTreeMap<String, _>}, so keys come out in Rust {@code str}
 * order (UTF-8 bytes = Unicode code points); integers are exact (i64/u64); floats are ryu's
 * shortest form ({@code 1.0}, {@code 1e16}, {@code -0.0}); NaN and infinities become
 * {@code null}, as {@code to_value} makes them.
 */
public final class ReflowCanonicalWriter extends CanonicalJsonWriter {
  /**
   * Code point order for Java (UTF-16) strings. Surrogates (U+D800..DFFF) sort below U+E000..FFFF
   * in UTF-16 but encode code points above them, so at the first difference both units are moved
   * into code point order before comparing.
   */
  public static final Comparator<String> CODE_POINT_ORDER = (a, b) -> {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        return fixup(x) - fixup(y);
      }
    }
    return a.length() - b.length();
  };

  private static int fixup(char c) {
    if (c >= 0xD800) {
      return c >= 0xE000 ? c - 0x800 : c + 0x2000;
    }
    return c;
  }

  @Override
  protected String formName() {
    return "reflow";
  }

  @Override
  protected Comparator<String> keyOrder() {
    return CODE_POINT_ORDER;
  }

  @Override
  protected void writeInteger(JsonValue.JsonInteger value) {
    writeAscii(value.value().toString());
  }

  @Override
  protected void writeFloat(JsonValue.JsonFloat value) {
    writeAscii(SerdeNumberFormat.formatF64(value.value()));
  }
}
