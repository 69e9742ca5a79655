package dev.reflow.trace.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The shared fixtures, copied from /work/shared/fixtures into src/test/resources/fixtures. */
final class Fixtures {
  static final String COMPLETED = "completed-flow.json";
  static final String MINIMAL = "minimal-flow.json";
  private static final Pattern TRACE_ID = Pattern.compile("^\\{\"trace_id\":\"([0-9a-f-]{36})\"");

  private Fixtures() {}

  static byte[] bytes(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing fixture " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The trace id a fixture document starts with. */
  static String traceId(String json) {
    Matcher m = TRACE_ID.matcher(json);
    if (!m.find()) {
      throw new IllegalArgumentException("no leading trace_id in " + json.substring(0, Math.min(80, json.length())));
    }
    return m.group(1);
  }
}
