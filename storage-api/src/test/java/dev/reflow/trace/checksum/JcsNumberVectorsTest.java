package dev.reflow.trace.checksum;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflow.trace.checksum.internal.EcmaNumberFormat;
import dev.reflow.trace.model.JsonValue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * ECMAScript number formatting, the part of RFC 8785 that is easy to get subtly wrong.
 *
 * <p>Two independent sources: (1) 100,000 vectors produced by Node.js's own
 * {@code Number.prototype.toString} (generator and provenance in {@code jcs/numbers/}); (2) the
 * published SHA-256 sums of the first lines of RFC 8785's {@code es6testfile100m.txt}, whose inputs
 * are regenerated here from the documented deterministic sequence (see jcs/SOURCE.md).
 */
class JcsNumberVectorsTest {

  @Test
  @DisplayName("every one of the 100,000 Node.js-generated number vectors formats identically")
  void format_nodeGeneratedVectors_allMatchNumberToString() throws IOException {
    List<String> failures = new ArrayList<>();
    int lines = 0;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        new GZIPInputStream(Resources.open("jcs/numbers/es-number-vectors.txt.gz")), StandardCharsets.US_ASCII))) {
      String line;
      while ((line = r.readLine()) != null) {
        lines++;
        int comma = line.indexOf(',');
        double d = Double.longBitsToDouble(Long.parseUnsignedLong(line.substring(0, comma), 16));
        String expected = line.substring(comma + 1);
        String actual = EcmaNumberFormat.format(d);
        if (!actual.equals(expected) && failures.size() < 20) {
          failures.add(line + " -> got " + actual);
        }
      }
    }
    assertThat(lines).as("vector count").isEqualTo(100_000);
    assertThat(failures).as("vectors formatted differently from Node.js (hex,expected -> got actual)").isEmpty();
  }

  @Test
  @DisplayName("the first 100,000 lines of es6testfile100m hash to the published SHA-256 sums")
  void format_es6testfileSequence_matchesPublishedHashes() throws Exception {
    // 100,000 lines take about a second; -Dreflow.jcs.es6lines=1000000 checks the next published
    // sum too (about ten seconds, so not by default).
    int total = Integer.getInteger("reflow.jcs.es6lines", 100_000);
    assertThat(total).as("lines to check (the first published sum is at 1000)").isGreaterThanOrEqualTo(1_000);
    Es6TestSequence seq = new Es6TestSequence();
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    long size = 0;
    StringBuilder line = new StringBuilder(48);
    for (int n = 1; n <= total; n++) {
      double d = seq.next();
      line.setLength(0);
      line.append(Long.toHexString(Double.doubleToRawLongBits(d))).append(',')
          .append(EcmaNumberFormat.format(d)).append('\n');
      byte[] bytes = line.toString().getBytes(StandardCharsets.US_ASCII);
      sha.update(bytes);
      size += bytes.length;
      String published = switch (n) {
        case 1_000 -> "be18b62b6f69cdab33a7e0dae0d9cfa869fda80ddc712221570f9f40a5878687 37967";
        case 10_000 -> "b9f7a8e75ef22a835685a52ccba7f7d6bdc99e34b010992cbc5864cd12be6892 399022";
        case 100_000 -> "22776e6d4b49fa294a0d0f349268e5c28808fe7e0cb2bcbe28f63894e494d4c7 4031728";
        case 1_000_000 -> "49415fee2c56c77864931bd3624faad425c3c577d6d74e89a83bc725506dad16 40357417";
        default -> null;
      };
      if (published != null) {
        String actual = HexFormat.of().formatHex(((MessageDigest) sha.clone()).digest()) + " " + size;
        assertThat(actual).as("sha256 and size of the first %d lines", n).isEqualTo(published);
      }
    }
  }

  @Test
  @DisplayName("number layout follows ECMAScript at each switch point")
  void format_layoutSwitchPoints_followEcmaScript() {
    assertThat(EcmaNumberFormat.format(1e21)).isEqualTo("1e+21");
    assertThat(EcmaNumberFormat.format(1e20)).isEqualTo("100000000000000000000");
    assertThat(EcmaNumberFormat.format(123456789012345680000.0)).isEqualTo("123456789012345680000");
    assertThat(EcmaNumberFormat.format(1e-6)).isEqualTo("0.000001");
    assertThat(EcmaNumberFormat.format(1e-7)).isEqualTo("1e-7");
    assertThat(EcmaNumberFormat.format(1.5e-7)).isEqualTo("1.5e-7");
    assertThat(EcmaNumberFormat.format(-0.0)).isEqualTo("0");
    assertThat(EcmaNumberFormat.format(Double.MIN_VALUE)).isEqualTo("5e-324");
    assertThat(EcmaNumberFormat.format(Double.MAX_VALUE)).isEqualTo("1.7976931348623157e+308");
    assertThat(EcmaNumberFormat.format(2e-3)).isEqualTo("0.002");
    assertThat(EcmaNumberFormat.format(1e23)).isEqualTo("1e+23");
    assertThat(EcmaNumberFormat.format(100.0)).isEqualTo("100");
  }

  @Test
  @DisplayName("jcs writes integers through doubles: 2^53+1 becomes 2^53, u64 max becomes 18446744073709552000")
  void canonicalize_largeIntegers_roundThroughDouble() {
    assertThat(Checksums.jcs().canonicalString("[9007199254740993,18446744073709551615,-9223372036854775808]"))
        .isEqualTo("[9007199254740992,18446744073709552000,-9223372036854776000]");
    assertThat(Checksums.jcs().canonicalString(JsonValue.of(Long.MAX_VALUE))).isEqualTo("9223372036854776000");
  }

  /**
   * The deterministic input sequence of es6testfile100m, implemented from its published
   * description: the static edge-case list, then 2000 consecutive doubles from the smallest normal,
   * then doubles read little-endian from a SHA-256 chain that starts at 32 zero bytes (zeros, NaN
   * and infinities skipped).
   */
  private static final class Es6TestSequence {
    private final long[] statics;
    private int index;
    private byte[] block = new byte[32];
    private ByteBuffer data = ByteBuffer.allocate(0);
    private final MessageDigest sha;

    Es6TestSequence() throws Exception {
      sha = MessageDigest.getInstance("SHA-256");
      List<Long> list = new ArrayList<>();
      try (BufferedReader r = new BufferedReader(new InputStreamReader(
          Resources.open("jcs/numbers/es6testfile-static-inputs.txt"), StandardCharsets.US_ASCII))) {
        String line;
        while ((line = r.readLine()) != null) {
          if (!line.isBlank()) {
            list.add(Long.parseUnsignedLong(line.trim(), 16));
          }
        }
      }
      statics = list.stream().mapToLong(Long::longValue).toArray();
    }

    double next() {
      double f;
      if (index < statics.length) {
        f = Double.longBitsToDouble(statics[index]);
      } else if (index < statics.length + 2000) {
        f = Double.longBitsToDouble(0x0010000000000000L + (index - statics.length));
      } else {
        f = 0;
        while (f == 0 || Double.isNaN(f) || Double.isInfinite(f)) {
          if (!data.hasRemaining()) {
            block = sha.digest(block);
            data = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN);
          }
          f = Double.longBitsToDouble(data.getLong());
        }
      }
      index++;
      return f;
    }
  }
}
