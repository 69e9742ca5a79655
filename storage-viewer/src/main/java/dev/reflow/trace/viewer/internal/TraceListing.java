package dev.reflow.trace.viewer.internal;

import dev.reflow.trace.collector.LiveTraces;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.storage.TracePosition;
import dev.reflow.trace.storage.TraceQuery;
import dev.reflow.trace.storage.TraceStorage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One page of {@code /api/traces}: the stored traces and, under a collector, the in-memory ones
 * (which supersede a stored copy with the same id), merged in the normative order and paged by key.
 * A page reads {@code limit + 1} traces from each source, so its cost does not grow with the depth
 * of the page; {@code next} is the position of the page's last trace when more follow.
 */
final class TraceListing {
  /** A listed trace; {@code live} when it came from the collector's memory. */
  record Item(FlowTrace trace, boolean live) {}

  record Page(List<Item> items, TracePosition next) {}

  private static final Comparator<Item> ORDER = Comparator.comparing(Item::trace, TraceQuery.ORDER);

  private TraceListing() {}

  /**
   * @param filters the filters, with {@link TraceQuery#after()} set to the cursor; limit and offset unset
   * @param live the collector's memory, or null
   */
  static Page page(TraceStorage storage, LiveTraces live, TraceQuery filters, int limit) {
    List<Item> merged = new ArrayList<>(2 * limit + 2);
    for (FlowTrace t : stored(storage, live, filters, limit + 1)) {
      merged.add(new Item(t, false));
    }
    if (live != null) {
      for (FlowTrace t : live.matching(filters, limit + 1)) {
        merged.add(new Item(t, true));
      }
      merged.sort(ORDER);
    }
    if (merged.size() <= limit) {
      return new Page(merged, null);
    }
    List<Item> page = List.copyOf(merged.subList(0, limit));
    return new Page(page, TracePosition.of(page.get(limit - 1).trace()));
  }

  /**
   * Up to {@code wanted} stored matches, skipping those the collector holds in memory (their stored
   * copy is stale); reads further pages by key only when some were skipped.
   */
  private static List<FlowTrace> stored(TraceStorage storage, LiveTraces live, TraceQuery filters, int wanted) {
    List<FlowTrace> out = new ArrayList<>(wanted);
    TraceQuery q = filters;
    while (true) {
      List<FlowTrace> batch = storage.query(q.toBuilder().limit(wanted).build());
      for (FlowTrace t : batch) {
        if (out.size() < wanted && (live == null || !live.holds(t.traceId()))) {
          out.add(t);
        }
      }
      if (out.size() >= wanted || batch.size() < wanted) {
        return out;
      }
      q = q.toBuilder().after(TracePosition.of(batch.get(batch.size() - 1))).build();
    }
  }
}
