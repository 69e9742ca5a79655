package dev.reflow.trace.json.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SerdeNumberFormatTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "0.0, 0.0",
    "-0.0, -0.0",
    "1.0, 1.0",
    "12.5, 12.5",
    "100.0, 100.0",
    "840.25, 840.25",
    "129.95, 129.95",
    "0.1, 0.1",
    "0.3, 0.3",
    "1e16, 1e16",
    "1.5e16, 1.5e16",
    "9999999999999998, 9999999999999998.0",
    "1e15, 1000000000000000.0",
    "123456789012345.6, 123456789012345.6",
    "1e-5, 0.00001",
    "1.234e-5, 0.00001234",
    "1e-6, 1e-6",
    "9.99e-6, 9.99e-6",
    "4.9e-324, 5e-324",
    "1.7976931348623157e308, 1.7976931348623157e308",
    "2.2250738585072014e-308, 2.2250738585072014e-308",
    "1e23, 1e23",
    "2e23, 2e23",
    "-1.5, -1.5",
    "-1e100, -1e100",
    "1.0e7, 10000000.0",
    "0.001, 0.001",
    "123e300, 1.23e302",
    "5e-324, 5e-324",
    "9007199254740993, 9007199254740992.0",
  })
  @DisplayName("f64 values are written as serde_json (ryu) writes them")
  void formatF64_knownValues_matchRyu(String input, String expected) {
    assertThat(SerdeNumberFormat.formatF64(Double.parseDouble(input))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "0.0, 0.0",
    "-0.0, -0.0",
    "0.3, 0.3",
    "12.5, 12.5",
    "99.9, 99.9",
    "1e13, 1e13",
    "9999999e6, 9999999000000.0",
    "1e-5, 0.00001",
    "1e-6, 0.000001",
    "1e-7, 1e-7",
    "1.2e-5, 0.000012",
    "1.4e-45, 1e-45",
    "3.4028235e38, 3.4028235e38",
    "16777217, 16777216.0",
    "0.1, 0.1",
  })
  @DisplayName("f32 values use f32 shortest digits and ryu's f32 layout")
  void formatF32_knownValues_matchRyu(String input, String expected) {
    assertThat(SerdeNumberFormat.formatF32(Float.parseFloat(input))).isEqualTo(expected);
  }

  @Test
  @DisplayName("NaN and infinities are written as null, as serde_json does")
  void format_nonFinite_null() {
    assertThat(SerdeNumberFormat.formatF64(Double.NaN)).isEqualTo("null");
    assertThat(SerdeNumberFormat.formatF64(Double.POSITIVE_INFINITY)).isEqualTo("null");
    assertThat(SerdeNumberFormat.formatF64(Double.NEGATIVE_INFINITY)).isEqualTo("null");
    assertThat(SerdeNumberFormat.formatF32(Float.NaN)).isEqualTo("null");
    assertThat(SerdeNumberFormat.formatF32(Float.NEGATIVE_INFINITY)).isEqualTo("null");
  }

  private static final Pattern RYU64 =
      Pattern.compile("-?(\\d{1,16}\\.\\d+|0\\.0{0,4}[1-9]\\d*|[1-9](\\.\\d*[1-9])?e-?[1-9]\\d*)");

  @Test
  @DisplayName("random f64 bit patterns: round-trip, shortest, closest, ryu layout")
  void formatF64_randomBits_shortestClosestAndLaidOutLikeRyu() {
    SplittableRandom rnd = new SplittableRandom(20260314);
    for (int i = 0; i < 40_000; i++) {
      double d = Double.longBitsToDouble(rnd.nextLong());
      if (!Double.isFinite(d) || d == 0) {
        continue;
      }
      checkF64(d);
    }
    // Small integers, short decimals and powers of ten exercise the plain branches.
    for (int i = 0; i < 10_000; i++) {
      checkF64(rnd.nextInt(1_000_000) / Math.pow(10, rnd.nextInt(12)));
      checkF64(Math.pow(10, rnd.nextInt(-320, 309)) * (1 + rnd.nextInt(9)));
    }
  }

  private static void checkF64(double d) {
    if (!Double.isFinite(d)) {
      return;
    }
    String s = SerdeNumberFormat.formatF64(d);
    assertThat(s).as("layout of %s", d).matches(RYU64);
    assertThat(Double.doubleToRawLongBits(Double.parseDouble(s)))
        .as("round trip of %s (%s)", d, s)
        .isEqualTo(Double.doubleToRawLongBits(d));
    BigDecimal out = new BigDecimal(s);
    int n = out.stripTrailingZeros().precision();
    BigDecimal exact = new BigDecimal(d);
    if (n > 1) {
      // No decimal with one digit fewer rounds to d: the two nearest such candidates do not.
      MathContext shorter = new MathContext(n - 1, RoundingMode.FLOOR);
      BigDecimal lo = exact.round(shorter);
      BigDecimal hi = exact.round(new MathContext(n - 1, RoundingMode.CEILING));
      assertThat(Double.parseDouble(lo.toString()) == d || Double.parseDouble(hi.toString()) == d)
          .as("a shorter form than %s exists for %s", s, d)
          .isFalse();
    }
    BigDecimal nearest = exact.round(new MathContext(n, RoundingMode.HALF_EVEN));
    if (Double.parseDouble(nearest.toString()) == d) {
      assertThat(out.compareTo(nearest)).as("closest %d-digit form of %s", n, d).isZero();
    }
    int kk = out.precision() - out.scale();
    boolean expForm = s.indexOf('e') >= 0;
    assertThat(expForm).as("exponent form of %s", s).isEqualTo(kk > 16 || kk <= -5);
  }

  @Test
  @DisplayName("random f32 bit patterns: round-trip, shortest, closest")
  void formatF32_randomBits_shortestAndRoundTrips() {
    SplittableRandom rnd = new SplittableRandom(42);
    for (int i = 0; i < 40_000; i++) {
      float f = Float.intBitsToFloat(rnd.nextInt());
      if (!Float.isFinite(f) || f == 0) {
        continue;
      }
      String s = SerdeNumberFormat.formatF32(f);
      assertThat(Float.floatToRawIntBits(Float.parseFloat(s))).as("round trip of %s (%s)", f, s)
          .isEqualTo(Float.floatToRawIntBits(f));
      BigDecimal out = new BigDecimal(s);
      int n = out.stripTrailingZeros().precision();
      BigDecimal exact = new BigDecimal(f);
      if (n > 1) {
        BigDecimal lo = exact.round(new MathContext(n - 1, RoundingMode.FLOOR));
        BigDecimal hi = exact.round(new MathContext(n - 1, RoundingMode.CEILING));
        assertThat(Float.parseFloat(lo.toString()) == f || Float.parseFloat(hi.toString()) == f)
            .as("a shorter form than %s exists for %s", s, f)
            .isFalse();
      }
      int kk = out.precision() - out.scale();
      assertThat(s.indexOf('e') >= 0).as("exponent form of %s", s).isEqualTo(kk > 13 || kk <= -6);
    }
  }
}
