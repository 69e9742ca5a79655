package dev.reflow.trace.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflow.trace.json.internal.LineSource;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A line longer than {@link LineSource#MAX_CHUNK_BYTES} is one clear error, and reading goes on. */
class TraceReaderLimitTest {

  /** A valid trace line, a line of {@code hugeBytes} bytes, another valid trace line: generated, never held. */
  private static InputStream withHugeLine(long hugeBytes) {
    byte[] head = (TraceReaderTest.trace(1) + "\n{\"trace_id\":\"").getBytes(StandardCharsets.UTF_8);
    byte[] tail = ("\"}\n" + TraceReaderTest.trace(2) + "\n").getBytes(StandardCharsets.UTF_8);
    long total = head.length + hugeBytes + tail.length;
    return new InputStream() {
      long offset;

      @Override
      public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (offset >= total) {
          return -1;
        }
        int n = (int) Math.min(len, total - offset);
        for (int i = 0; i < n; ) {
          long at = offset + i;
          if (at < head.length) {
            b[off + i++] = head[(int) at];
          } else if (at < head.length + hugeBytes) {
            int run = (int) Math.min(n - i, head.length + hugeBytes - at);
            Arrays.fill(b, off + i, off + i + run, (byte) 'a');
            i += run;
          } else {
            b[off + i++] = tail[(int) (at - head.length - hugeBytes)];
          }
        }
        offset += n;
        return n;
      }
    };
  }

  @Test
  @DisplayName("a line over 1 GiB is rejected as too large, with its size and the limit, and the next line is read")
  void lineOver1GiB_rejected_nextLineRead() throws Exception {
    long huge = (1L << 30) + 1000;
    List<TraceReader.Item> items = new ArrayList<>();
    try (TraceReader r = TraceJson.reader(withHugeLine(huge), "big.ndjson")) {
      r.forEachRemaining(items::add);
    }
    assertThat(items).hasSize(3);
    assertThat(items.get(0).isError()).isFalse();
    assertThat(items.get(1).error()).isNotNull();
    assertThat(items.get(1).line()).isEqualTo(2);
    assertThat(items.get(1).error().getMessage())
        .isEqualTo("big.ndjson:2:1: trace too large (" + (huge + 15) + " bytes, limit " + LineSource.MAX_CHUNK_BYTES + " bytes)");
    assertThat(items.get(2).isError()).as("the line after the huge one").isFalse();
    assertThat(items.get(2).line()).isEqualTo(3);
  }
}
