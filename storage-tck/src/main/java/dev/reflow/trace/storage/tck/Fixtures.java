package dev.reflow.trace.storage.tck;

import dev.reflow.trace.json.TraceJson;
import dev.reflow.trace.model.FlowTrace;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The shared Reflow fixtures, loaded from this jar's class path. Each is compact serde_json output
 * without a trailing newline, so reading and writing one must give back the same bytes.
 */
public final class Fixtures {
  /** A completed flow with six events covering every payload shape ([N] model). */
  public static final String COMPLETED_FLOW = "completed-flow.json";
  /** An in-flight trace as the collector creates it: Running, no events, nulls everywhere. */
  public static final String MINIMAL_FLOW = "minimal-flow.json";
  /** A trace in the older [S] model: numeric metrics, four-field message snapshot, a failure. */
  public static final String LEGACY_S_MODEL = "legacy-s-model.json";
  /** {@link #LEGACY_S_MODEL} as the current model writes it back. */
  public static final String LEGACY_S_MODEL_EXPECTED = "legacy-s-model.expected.json";

  private static final String BASE = "/dev/reflow/trace/storage/tck/fixtures/";

  private Fixtures() {}

  /** The fixture's exact bytes. */
  public static byte[] bytes(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream(BASE + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no TCK fixture " + name + " on the class path under " + BASE);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read TCK fixture " + name, e);
    }
  }

  /** The fixture's text. */
  public static String json(String name) {
    return new String(bytes(name), StandardCharsets.UTF_8);
  }

  /** The fixture read with {@link TraceJson#read(String)}. */
  public static FlowTrace trace(String name) {
    return TraceJson.read(json(name));
  }
}
