package dev.reflow.trace.storage.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PgTextTest {

  @Test
  @DisplayName("Ordinary text is stored as it is; U+0000 and U+0001 are escaped")
  void encode_ordinaryAndControlText() {
    assertThat(PgText.encode("order_ingest")).isEqualTo("order_ingest");
    assertThat(PgText.encode("a\u0000b")).isEqualTo("a\u0001\u0001b").doesNotContain("\u0000");
    assertThat(PgText.encode("a\u0001b")).isEqualTo("a\u0001\u0002b");
  }

  @Test
  @DisplayName("The encoding is injective: distinct strings over a hostile alphabet never collide")
  void encode_randomStrings_injective() {
    Random random = new Random(42);
    char[] alphabet = {'\u0000', '\u0001', '\u0002', 'a'};
    Map<String, String> seen = new HashMap<>();
    for (int i = 0; i < 20_000; i++) {
      StringBuilder sb = new StringBuilder();
      int len = random.nextInt(6);
      for (int j = 0; j < len; j++) {
        sb.append(alphabet[random.nextInt(alphabet.length)]);
      }
      String s = sb.toString();
      String previous = seen.put(PgText.encode(s), s);
      assertThat(previous == null || previous.equals(s))
          .as("encode(%s) collides with encode(%s)", escape(s), escape(previous)).isTrue();
    }
  }

  @Test
  @DisplayName("When the search is declared exact, a match in the actors column is exactly a substring of one actor")
  void actorsColumn_exactSearches_agreeWithContains() {
    Random random = new Random(7);
    char[] alphabet = {'\u0000', '\u0001', '\u0002', 'a', 'b'};
    for (int i = 0; i < 20_000; i++) {
      List<String> actors = List.of(randomText(random, alphabet, 4), randomText(random, alphabet, 4));
      String needle = randomText(random, alphabet, 3);
      if (needle.isEmpty()) {
        continue;
      }
      boolean expected = actors.stream().anyMatch(a -> a.contains(needle));
      boolean column = PgText.actorsColumn(actors).contains(PgText.encode(needle));
      if (PgText.substringSearchIsExact(needle)) {
        assertThat(column).as("actors %s, needle %s", actors.stream().map(PgTextTest::escape).toList(), escape(needle))
            .isEqualTo(expected);
      } else if (expected) {
        // Inexact searches may over-match (re-checked by the caller) but never miss.
        assertThat(column).isTrue();
      }
    }
  }

  @Test
  @DisplayName("LIKE metacharacters are escaped so the pattern is literal")
  void containsPattern_escapesMetacharacters() {
    assertThat(PgText.containsPattern("50%_a\\b")).isEqualTo("%50\\%\\_a\\\\b%");
  }

  private static String randomText(Random random, char[] alphabet, int maxLength) {
    StringBuilder sb = new StringBuilder();
    int len = random.nextInt(maxLength + 1);
    for (int j = 0; j < len; j++) {
      sb.append(alphabet[random.nextInt(alphabet.length)]);
    }
    return sb.toString();
  }

  private static String escape(String s) {
    return s == null ? "null" : s.chars().mapToObj(c -> c < 0x20 ? String.format("\\u%04x", c) : String.valueOf((char) c))
        .reduce("", String::concat);
  }
}
