package dev.reflow.trace.viewer;

import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.viewer.internal.TracesRoute;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The viewer's API answers without an HTTP server, for code that serves them its own way and for
 * the benchmark of the server's share of a request. Needs no Netty.
 */
public final class ViewerApi {
  private ViewerApi() {}

  /**
   * What {@code GET /api/traces} answers for these query parameters (name to values, as decoded
   * from the query string): {@code {"traces":[…],"next":…}} as UTF-8 JSON, over the stored traces.
   *
   * @throws IllegalArgumentException with the message the API's 400 carries
   */
  public static byte[] traces(TraceStorage storage, Map<String, List<String>> parameters, Clock clock) {
    return TracesRoute.answer(storage, null, parameters, clock);
  }
}
