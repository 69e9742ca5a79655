package dev.reflow.trace.viewer.internal;

import dev.reflow.trace.collector.LiveTraces;
import dev.reflow.trace.storage.TraceQuery;
import dev.reflow.trace.storage.TraceStorage;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /api/traces} without HTTP: parameters in, JSON out. Kept free of Netty so that the
 * benchmark (whose class path has mongo-java-server's Netty 4.1) measures the server's share of a
 * page through exactly this code.
 */
public final class TracesRoute {
  static final Set<String> PARAMETERS = Set.of("flow", "execution", "status", "actor", "since", "until", "limit", "after");

  private TracesRoute() {}

  /**
   * The JSON of one page.
   *
   * @param live the collector's memory, or null
   * @throws IllegalArgumentException with the 400's message when a parameter is wrong
   */
  public static byte[] answer(TraceStorage storage, LiveTraces live, Map<String, List<String>> parameters, Clock clock) {
    try {
      return page(storage, live, parameters, clock);
    } catch (ApiException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
  }

  static byte[] page(TraceStorage storage, LiveTraces live, Map<String, List<String>> parameters, Clock clock) {
    QueryParameters p = QueryParameters.of(parameters, PARAMETERS);
    int limit = p.limit();
    TraceQuery q = QueryParameters.build(p.filters(clock).after(p.after()));
    TraceListing.Page page = TraceListing.page(storage, live, q, limit);
    return ApiJson.tracePage(page.items(), page.next());
  }
}
