package dev.reflow.trace.storage.mongodb.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LiteralRegexTest {

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {".*", "$where", "{\"$gt\":\"\"}", "a|b", "^start", "end$", "\\Qx\\E.*", "\\E", "(?i)ACTOR",
      "[a-z]+", "a{2,}", "back\\slash", "tab\there", "new\nline", "nul\u0000x", "#comment", " spaced ", "ünï€ode 🚀",
      "\\", "(", ")", "?", "+", "/", "-", "]", "}", "'\"", "%_", "\u007f"})
  @org.junit.jupiter.api.DisplayName("Escaped text matches itself literally and nothing looser (Java regex, as the test server evaluates it)")
  void escape_metacharacters_matchLiterally(String text) {
    Pattern p = Pattern.compile(LiteralRegex.escape(text));
    assertThat(p.matcher("prefix " + text + " suffix").find()).as("matches text containing %s", text).isTrue();
    for (String other : List.of("", "x", "ACTOR", "actor", "a", "aa", "abc", "where", "gt")) {
      if (!other.contains(text)) {
        assertThat(p.matcher(other).find()).as("pattern for %s must not match %s", text, other).isFalse();
      }
    }
  }

  @org.junit.jupiter.api.Test
  @org.junit.jupiter.api.DisplayName("No NUL byte reaches the pattern, since a BSON regex is a C string")
  void escape_nul_usesHexEscape() {
    assertThat(LiteralRegex.escape("a\u0000b")).isEqualTo("a\\x{0}b").doesNotContain("\u0000");
    assertThat(LiteralRegex.escape("Actor_1")).isEqualTo("Actor\\_1");
  }

  @org.junit.jupiter.api.Test
  @org.junit.jupiter.api.DisplayName("Every ASCII character, escaped alone, matches exactly itself")
  void escape_everyAsciiCharacter_matchesOnlyItself() {
    for (char c = 0; c < 128; c++) {
      String text = String.valueOf(c);
      Pattern p = Pattern.compile(LiteralRegex.escape(text));
      for (char other = 0; other < 128; other++) {
        boolean matches = p.matcher(String.valueOf(other)).matches();
        assertThat(matches).as("pattern %s for U+%04X against U+%04X", LiteralRegex.escape(text), (int) c, (int) other)
            .isEqualTo(c == other);
      }
    }
  }
}
