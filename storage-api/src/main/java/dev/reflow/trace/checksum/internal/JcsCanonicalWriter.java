package dev.reflow.trace.checksum.internal;

import dev.reflow.trace.model.JsonValue;
import java.util.Comparator;

/**
 * RFC 8785 (JCS): keys sorted by UTF-16 code units ({@link String#compareTo} is exactly that),
 * every number is an IEEE double written as ECMAScript does, so integers beyond 2^53 are rounded
 * ({@code 9007199254740993} becomes {@code 9007199254740992}) and {@code -0} is {@code 0}. NaN
 * and infinities are errors, not {@code null}.
 */
public final class JcsCanonicalWriter extends CanonicalJsonWriter {
  @Override
  protected String formName() {
    return "jcs";
  }

  @Override
  protected Comparator<String> keyOrder() {
    return Comparator.naturalOrder();
  }

  @Override
  protected void writeInteger(JsonValue.JsonInteger value) {
    // BigInteger.doubleValue rounds to nearest, ties to even, as JSON.parse does.
    writeDouble(value.value().doubleValue());
  }

  @Override
  protected void writeFloat(JsonValue.JsonFloat value) {
    writeDouble(value.value());
  }

  private void writeDouble(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      throw error((Double.isNaN(v) ? "NaN" : "an infinite value") + " is not a JSON number (RFC 8785 section 3.2.2.3)");
    }
    writeAscii(EcmaNumberFormat.format(v));
  }
}
