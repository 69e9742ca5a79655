package dev.reflow.trace.json.internal;

/**
 * Strict UTF-8 validation, as Rust's {@code str::from_utf8}: no overlong forms, no encoded
 * surrogates, nothing above U+10FFFF. Jackson's decoder is more lenient, and serde_json rejects
 * such input, so the codec checks byte input before parsing it.
 */
public final class Utf8 {
  private Utf8() {}

  /** The index of the first byte of the first invalid sequence, or -1 when all is valid. */
  public static int firstInvalid(byte[] b, int off, int len) {
    int i = off;
    int end = off + len;
    while (i < end) {
      int c = b[i];
      if (c >= 0) {
        i++;
        continue;
      }
      c &= 0xff;
      if (c >= 0xc2 && c <= 0xdf) {
        if (i + 1 >= end || !cont(b[i + 1])) {
          return i;
        }
        i += 2;
      } else if (c >= 0xe0 && c <= 0xef) {
        if (i + 2 >= end) {
          return i;
        }
        int c1 = b[i + 1] & 0xff;
        boolean ok = c == 0xe0 ? c1 >= 0xa0 && c1 <= 0xbf
            : c == 0xed ? c1 >= 0x80 && c1 <= 0x9f
            : c1 >= 0x80 && c1 <= 0xbf;
        if (!ok || !cont(b[i + 2])) {
          return i;
        }
        i += 3;
      } else if (c >= 0xf0 && c <= 0xf4) {
        if (i + 3 >= end) {
          return i;
        }
        int c1 = b[i + 1] & 0xff;
        boolean ok = c == 0xf0 ? c1 >= 0x90 && c1 <= 0xbf
            : c == 0xf4 ? c1 >= 0x80 && c1 <= 0x8f
            : c1 >= 0x80 && c1 <= 0xbf;
        if (!ok || !cont(b[i + 2]) || !cont(b[i + 3])) {
          return i;
        }
        i += 4;
      } else {
        return i;
      }
    }
    return -1;
  }

  private static boolean cont(byte x) {
    return (x & 0xc0) == 0x80;
  }

  /** 1-based line and byte column of {@code index} within {@code b[off..]}. */
  public static long[] lineAndColumn(byte[] b, int off, int index) {
    long line = 1;
    int lineStart = off;
    for (int i = off; i < index; i++) {
      if (b[i] == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return new long[] {line, index - lineStart + 1};
  }
}
