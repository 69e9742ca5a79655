package dev.reflow.trace.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.TraceId;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TraceReaderTest {
  static final String MINIMAL = Fixtures.text(Fixtures.MINIMAL);
  static final String COMPLETED = Fixtures.text(Fixtures.COMPLETED);

  static String trace(int n) {
    return MINIMAL.replace("f7e619b9-3d9b-425f-8b88-dd19e7410588", "f7e619b9-3d9b-425f-8b88-dd19e741058" + n);
  }

  static String pretty(String compact) {
    // A simple pretty form: a newline after every comma outside strings is enough for line tests.
    StringBuilder sb = new StringBuilder();
    boolean inString = false;
    for (int i = 0; i < compact.length(); i++) {
      char c = compact.charAt(i);
      sb.append(c);
      if (c == '"' && compact.charAt(i - 1) != '\\') {
        inString = !inString;
      }
      if (!inString && (c == ',' || c == '{')) {
        sb.append("\n  ");
      }
    }
    return sb.toString();
  }

  static List<TraceReader.Item> readAll(String input) throws IOException {
    List<TraceReader.Item> items = new ArrayList<>();
    try (TraceReader r = TraceJson.reader(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), "in.json")) {
      r.forEachRemaining(items::add);
    }
    return items;
  }

  static String describe(List<TraceReader.Item> items) {
    StringBuilder sb = new StringBuilder();
    for (TraceReader.Item i : items) {
      sb.append(i.isError() ? "E" : "T").append(i.line()).append(' ');
    }
    return sb.toString().trim();
  }

  @Test
  @DisplayName("a single compact trace, with or without trailing newline, is one item")
  void reader_singleTrace_oneItem() throws IOException {
    assertThat(describe(readAll(COMPLETED))).isEqualTo("T1");
    assertThat(describe(readAll("\n\n" + COMPLETED + "\n"))).isEqualTo("T3");
    assertThat(describe(readAll(pretty(COMPLETED)))).isEqualTo("T1");
    assertThat(TraceJson.write(readAll(pretty(COMPLETED)).get(0).trace())).isEqualTo(COMPLETED);
    assertThat(readAll("")).isEmpty();
    assertThat(readAll(" \n \n")).isEmpty();
  }

  @Test
  @DisplayName("NDJSON: a syntax error skips its line only, a semantic error its trace only")
  void reader_ndjsonWithBadLines_reportsAndContinues() throws IOException {
    String input = trace(1) + "\n"
        + trace(2).substring(0, 40) + "\n"                                   // truncated: syntax
        + "\n"
        + trace(3).replace("\"Running\"", "\"Runing\"") + "\n"              // unknown variant
        + trace(4) + "\n"
        + "[1,2]\n"                                                          // not an object
        + trace(5) + " " + trace(6) + "\n";                                  // two on one line
    List<TraceReader.Item> items = readAll(input);
    assertThat(describe(items)).isEqualTo("T1 E2 E4 T5 E6 T7 T7");
    assertThat(items.get(1).error().getMessage()).startsWith("in.json:2:");
    assertThat(items.get(2).error().getMessage())
        .startsWith("in.json:4:").contains("$.status: unknown variant `Runing`");
    assertThat(items.get(5).trace().traceId()).isEqualTo(TraceId.parse("f7e619b9-3d9b-425f-8b88-dd19e7410585"));
    assertThat(items.get(6).trace().traceId()).isEqualTo(TraceId.parse("f7e619b9-3d9b-425f-8b88-dd19e7410586"));
  }

  @Test
  @DisplayName("NDJSON: invalid UTF-8 on one line is reported for that line")
  void reader_ndjsonInvalidUtf8_thatLineOnly() throws IOException {
    byte[] a = (trace(1) + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] b = (trace(2).replace("hello_world", "hello_\u00e9") + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] c = trace(3).getBytes(StandardCharsets.UTF_8);
    int at = new String(b, StandardCharsets.ISO_8859_1).indexOf('\u00c3');
    b[at] = (byte) 0xff;
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.write(a);
    all.write(b);
    all.write(c);
    List<TraceReader.Item> items = new ArrayList<>();
    try (TraceReader r = TraceJson.reader(new ByteArrayInputStream(all.toByteArray()), "x.ndjson")) {
      r.forEachRemaining(items::add);
    }
    assertThat(describe(items)).isEqualTo("T1 E2 T3");
    assertThat(items.get(1).error().getMessage()).isEqualTo("x.ndjson:2:" + (at + 1) + ": invalid UTF-8 (byte 0xff)");
  }

  static byte[] withBadByte(String text, String marker, int badByte) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    int at = text.indexOf(marker); // ASCII before the marker, so char index = byte index
    b[at] = (byte) badByte;
    return b;
  }

  static List<TraceReader.Item> readAll(byte[] input) throws IOException {
    List<TraceReader.Item> items = new ArrayList<>();
    try (TraceReader r = TraceJson.reader(new ByteArrayInputStream(input), "in.json")) {
      r.forEachRemaining(items::add);
    }
    return items;
  }

  @Test
  @DisplayName("array: invalid UTF-8 or a NUL byte (even far into a large input) ends it with one error at the byte")
  void reader_arrayInvalidUtf8_errorAtByte() throws IOException {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < 40; i++) {
      sb.append(COMPLETED).append(",\n");
    }
    sb.append(trace(1).replace("hello_world", "hello_XXorld")).append("]");
    String text = sb.toString();
    for (int badByte : new int[] {0xc0, 0x00, 0xed}) {
      List<TraceReader.Item> items = readAll(withBadByte(text, "XX", badByte));
      assertThat(describe(items)).as("byte %x", badByte).isEqualTo(
          "T1 T2 T3 T4 T5 T6 T7 T8 T9 T10 T11 T12 T13 T14 T15 T16 T17 T18 T19 T20 T21 T22 T23 T24 T25 T26 T27 T28 T29 "
              + "T30 T31 T32 T33 T34 T35 T36 T37 T38 T39 T40 E41");
      TraceFormatException e = items.get(40).error();
      assertThat(e.line()).isEqualTo(41);
      assertThat(e.column()).isEqualTo(trace(1).indexOf("hello_world") + 7);
      assertThat(e.reason()).startsWith(badByte == 0 ? "NUL byte" : "invalid UTF-8");
    }
  }

  @Test
  @DisplayName("a byte order mark or NUL byte is rejected as serde_json does, naming the place")
  void read_bomOrNul_rejected() throws IOException {
    byte[] bom = ("\ufeff" + MINIMAL).getBytes(StandardCharsets.UTF_8);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> TraceJson.read(bom))
        .isInstanceOf(TraceFormatException.class).hasMessage("1:1: unexpected byte order mark (serde_json rejects it)");
    assertThat(describe(readAll(bom))).isEqualTo("E1");
    byte[] nul = withBadByte(MINIMAL, "hello_world", 0);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> TraceJson.read(nul))
        .isInstanceOf(TraceFormatException.class).hasMessageContaining("NUL byte");
  }

  @Test
  @DisplayName("array: a semantically bad element is skipped, the rest stored; lines are where elements start")
  void reader_arrayWithBadElement_skipsIt() throws IOException {
    String input = "[\n" + trace(1) + ",\n"
        + pretty(trace(2).replace("\"process_id\":1", "\"process_id\":-1")) + ",\n"
        + trace(3) + "\n]\n";
    List<TraceReader.Item> items = readAll(input);
    assertThat(describe(items)).isEqualTo("T2 E3 T" + (4 + pretty(trace(2)).split("\n").length - 1));
    assertThat(items.get(1).error().getMessage()).contains("$.metadata.process_id: invalid value: integer `-1`, expected u32");
    assertThat(items.get(1).error().source()).isEqualTo("in.json");
  }

  @Test
  @DisplayName("array: an element that is not an object is reported by its kind and skipped")
  void reader_arrayWithNonObjectElements_namesTheirKind() throws IOException {
    String input = "[\n\"oops\",\n42,\n[1],\nnull,\ntrue,\n" + trace(1) + "\n]\n";
    List<TraceReader.Item> items = readAll(input);
    assertThat(describe(items)).isEqualTo("E2 E3 E4 E5 E6 T7");
    assertThat(items.get(0).error().getMessage()).endsWith("expected a trace object, got a string");
    assertThat(items.get(1).error().getMessage()).endsWith("expected a trace object, got a number");
    assertThat(items.get(2).error().getMessage()).endsWith("expected a trace object, got an array");
    assertThat(items.get(3).error().getMessage()).endsWith("expected a trace object, got null");
    assertThat(items.get(4).error().getMessage()).endsWith("expected a trace object, got a boolean");
  }

  @Test
  @DisplayName("array: a syntax error ends the input with one error after the good traces")
  void reader_arraySyntaxError_endsWithOneError() throws IOException {
    String input = "[" + trace(1) + ",\n" + trace(2).substring(0, 50) + "\n," + trace(3) + "]";
    List<TraceReader.Item> items = readAll(input);
    assertThat(describe(items)).isEqualTo("T1 E2");
    assertThat(describe(readAll("[" + trace(1) + "," + trace(2) + "] x"))).isEqualTo("T1 T1 E1");
    assertThat(describe(readAll("[]"))).isEmpty();
  }

  @Test
  @DisplayName("concatenated pretty-printed traces: each error names its trace's first line")
  void reader_concatenatedPretty_linesPerTrace() throws IOException {
    String p1 = pretty(trace(1));
    String p2 = pretty(trace(2).replace("\"status\":\"Running\"", "\"status\":\"Nope\""));
    String p3 = pretty(trace(3));
    int l1 = p1.split("\n").length;
    int l2 = p2.split("\n").length;
    List<TraceReader.Item> items = readAll(p1 + "\n" + p2 + "\n\n" + p3 + "\n");
    assertThat(describe(items)).isEqualTo("T1 E" + (l1 + 1) + " T" + (l1 + l2 + 2));
    assertThat(items.get(1).error().line()).isGreaterThan(l1 + 1);
    assertThat(items.get(2).trace().traceId().toString()).endsWith("3");
  }

  @Test
  @DisplayName("concatenated: an unbalanced (truncated) trace loses only itself, also when it is the first NDJSON line")
  void reader_truncatedTrace_recoversAtNextUnindentedBrace() throws IOException {
    String p1 = pretty(trace(1));
    String broken = p1.substring(0, p1.length() / 2);
    int lb = broken.split("\n").length;
    List<TraceReader.Item> items = readAll(broken + "\n" + pretty(trace(2)) + "\n");
    assertThat(describe(items)).isEqualTo("E1 T" + (lb + 1));
    List<TraceReader.Item> nd = readAll(trace(1).substring(0, 60) + "\n" + trace(2) + "\n" + trace(3) + "\n");
    assertThat(describe(nd)).isEqualTo("E1 T2 T3");
  }

  @Test
  @DisplayName("NDJSON and array writers produce what the reader reads back, byte-exact per trace")
  void writers_roundTripThroughReader() throws IOException {
    List<FlowTrace> traces = List.of(TraceJson.read(COMPLETED), TraceJson.read(trace(1)), TraceJson.read(trace(2)));
    ByteArrayOutputStream nd = new ByteArrayOutputStream();
    try (TraceWriter w = TraceJson.ndjsonWriter(nd)) {
      traces.forEach(w::write);
    }
    assertThat(nd.toString(StandardCharsets.UTF_8)).isEqualTo(COMPLETED + "\n" + trace(1) + "\n" + trace(2) + "\n");
    ByteArrayOutputStream arr = new ByteArrayOutputStream();
    try (TraceWriter w = TraceJson.arrayWriter(arr)) {
      traces.forEach(w::write);
    }
    assertThat(arr.toString(StandardCharsets.UTF_8)).isEqualTo("[" + COMPLETED + "," + trace(1) + "," + trace(2) + "]");
    for (String s : List.of(nd.toString(StandardCharsets.UTF_8), arr.toString(StandardCharsets.UTF_8))) {
      List<FlowTrace> back = new ArrayList<>();
      readAll(s).forEach(i -> back.add(i.trace()));
      assertThat(back).isEqualTo(traces);
    }
    ByteArrayOutputStream empty = new ByteArrayOutputStream();
    TraceJson.arrayWriter(empty).close();
    assertThat(empty.toString(StandardCharsets.UTF_8)).isEqualTo("[]");
  }

  @Test
  @DisplayName("a large NDJSON input streams through buffer refills with correct line numbers")
  void reader_largeNdjson_linesStayCorrect() throws IOException {
    StringBuilder sb = new StringBuilder();
    int n = 300;
    for (int i = 1; i <= n; i++) {
      sb.append(i % 97 == 0 ? trace(1).replace("\"Running\"", "1") : COMPLETED).append('\n');
    }
    List<TraceReader.Item> items = readAll(sb.toString());
    assertThat(items).hasSize(n);
    for (int i = 0; i < n; i++) {
      assertThat(items.get(i).line()).isEqualTo(i + 1);
      assertThat(items.get(i).isError()).as("item %d", i + 1).isEqualTo((i + 1) % 97 == 0);
    }
  }
}
