package dev.reflow.trace.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflow.trace.cli.internal.TraceSplitter.Document;
import dev.reflow.trace.cli.internal.TraceSplitter.Piece;
import dev.reflow.trace.cli.internal.TraceSplitter.Problem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TraceSplitterTest {
  private static final String A = "{\"trace_id\":\"a\",\"s\":\"} { [ \\\" ]\",\"n\":[1,{\"x\":2}]}";
  private static final String B = "{\"trace_id\":\"b\",\"events\":[]}";

  private static List<Piece> split(String input) throws IOException {
    List<Piece> out = new ArrayList<>();
    try (TraceSplitter s = new TraceSplitter(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)))) {
      Piece p;
      while ((p = s.next()) != null) {
        out.add(p);
      }
    }
    return out;
  }

  private static String text(Piece p) {
    return new String(((Document) p).json(), StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("one object: its exact bytes, braces and quotes inside strings ignored")
  void singleObject() throws IOException {
    List<Piece> pieces = split(A);
    assertThat(pieces).hasSize(1);
    assertThat(text(pieces.get(0))).isEqualTo(A);
    assertThat(pieces.get(0).line()).isEqualTo(1);
  }

  @Test
  @DisplayName("a pretty-printed object spanning lines is one document")
  void prettyObject() throws IOException {
    String pretty = "\n  {\n  \"trace_id\": \"a\",\n  \"events\": []\n}\n";
    List<Piece> pieces = split(pretty);
    assertThat(pieces).hasSize(1);
    assertThat(text(pieces.get(0))).isEqualTo("{\n  \"trace_id\": \"a\",\n  \"events\": []\n}");
    assertThat(pieces.get(0).line()).isEqualTo(2);
    assertThat(pieces.get(0).column()).isEqualTo(3);
  }

  @Test
  @DisplayName("a JSON array: each element, with its line")
  void array() throws IOException {
    List<Piece> pieces = split("[\n" + A + ",\n  " + B + "\n]\n");
    assertThat(pieces).hasSize(2);
    assertThat(text(pieces.get(0))).isEqualTo(A);
    assertThat(text(pieces.get(1))).isEqualTo(B);
    assertThat(pieces.get(1).line()).isEqualTo(3);
    assertThat(pieces.get(1).column()).isEqualTo(3);
  }

  @Test
  @DisplayName("a non-object array element is a problem at its place; the rest still come")
  void array_badElement() throws IOException {
    List<Piece> pieces = split("[" + A + ",\n 42,\n" + B + "]");
    assertThat(pieces).hasSize(3);
    assertThat(pieces.get(1)).isEqualTo(new Problem("expected a trace object in the array, found '4'", 2, 2));
    assertThat(text(pieces.get(2))).isEqualTo(B);
  }

  @Test
  @DisplayName("NDJSON: one document per line, blank lines and CRLF ignored, a broken line costs only itself")
  void ndjson() throws IOException {
    List<Piece> pieces = split(A + "\r\n\n{\"trace_id\": broken\n" + B + "\n");
    assertThat(pieces).hasSize(3);
    assertThat(text(pieces.get(0))).isEqualTo(A);
    assertThat(text(pieces.get(1))).isEqualTo("{\"trace_id\": broken");
    assertThat(pieces.get(1).line()).isEqualTo(3);
    assertThat(text(pieces.get(2))).isEqualTo(B);
    assertThat(pieces.get(2).line()).isEqualTo(4);
  }

  @Test
  @DisplayName("a byte order mark is skipped; an empty input and a truncated array are problems")
  void edges() throws IOException {
    assertThat(text(split("\uFEFF" + B).get(0))).isEqualTo(B);
    assertThat(split("  \n")).singleElement().isInstanceOf(Problem.class);
    List<Piece> truncated = split("[" + A + ",\n{\"trace_id\":\"c\"");
    assertThat(truncated).hasSize(2);
    assertThat(truncated.get(1)).isEqualTo(
        new Problem("unexpected end of input inside the trace object that starts here", 2, 1));
    assertThat(split("hello\n" + B)).hasSize(2).first().isInstanceOf(Problem.class);
  }
}
