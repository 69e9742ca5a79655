package dev.reflow.trace.storage.internal;

import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.Timestamp;
import dev.reflow.trace.storage.TracePosition;
import dev.reflow.trace.storage.TraceQuery;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.spi.CursorStreams;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Stream;

/**
 * The default {@link TraceStorage#stream}: pages of {@link TraceStorage#query}, each starting where
 * the last one ended, so that memory holds one page and no page rescans the ones before it.
 *
 * <p>It uses only what every backend has always had to support: a page is the query's filters
 * with the time range's upper end moved to the {@code start_time} of the last trace returned, and
 * an offset that skips the traces at exactly that time already returned (usually none or a few).
 * It never passes {@link TraceQuery#after()} on, so a backend written before keyset positions
 * existed still streams correctly, and a trace at or before the position is dropped even if a
 * page returns it again (after a concurrent insert into a group of equal start times).
 *
 * <p>Consistency is per page: a trace stored or deleted during the stream may or may not be
 * seen, and no trace is returned twice.
 */
public final class KeysetPages implements Iterator<FlowTrace> {
  /** Traces per page: small enough that one page of large traces fits a small heap. */
  public static final int DEFAULT_PAGE_SIZE = 100;

  private final TraceStorage storage;
  private final TraceQuery filters;
  private final int pageSize;
  private final Long fromMicros;
  private final Long toMicros;
  private TracePosition position;
  /** Index, within the traces at {@code position}'s time, of the first one not yet returned by a page. */
  private int groupOffset;
  private long toSkip;
  private long remaining;
  private boolean first = true;
  private boolean exhausted;
  private final ArrayDeque<FlowTrace> buffer = new ArrayDeque<>();

  private KeysetPages(TraceStorage storage, TraceQuery query, int pageSize) {
    if (pageSize < 1) {
      throw new IllegalArgumentException("page size must be at least 1, got " + pageSize);
    }
    this.storage = storage;
    this.pageSize = pageSize;
    this.filters = query.toBuilder().limit(null).offset(null).after(null).build();
    this.fromMicros = query.fromMicros();
    this.toMicros = query.toMicros();
    this.position = query.after();
    this.toSkip = query.offset() == null ? 0 : query.offset();
    this.remaining = query.limit() == null ? Long.MAX_VALUE : query.limit();
  }

  /** The query's matches in order, fetched {@code pageSize} at a time; close the stream when done. */
  public static Stream<FlowTrace> stream(TraceStorage storage, TraceQuery query, int pageSize) {
    return CursorStreams.of(new KeysetPages(storage, query, pageSize), () -> { }, e -> e instanceof RuntimeException r
        ? r : new IllegalStateException(e));
  }

  @Override
  public boolean hasNext() {
    while (buffer.isEmpty() && !exhausted && remaining > 0) {
      fetch();
    }
    return !buffer.isEmpty() && remaining > 0;
  }

  @Override
  public FlowTrace next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    remaining--;
    return buffer.poll();
  }

  private void fetch() {
    TraceQuery.Builder page = filters.toBuilder();
    // Both ends at microsecond precision: the filter compares truncated microseconds anyway, and
    // an end with nanoseconds could otherwise fall "after" a start in the same microsecond.
    if (fromMicros != null) {
      page.from(instant(fromMicros));
    }
    Long upper = toMicros;
    int offset = 0;
    boolean offsetIntoGroup = false;
    if (position != null && (upper == null || position.startTimeMicros() <= upper)) {
      upper = position.startTimeMicros();
      offset = groupOffset;
      offsetIntoGroup = true;
    }
    if (upper != null) {
      if (fromMicros != null && upper < fromMicros) {
        exhausted = true;
        return;
      }
      page.to(instant(upper));
    }
    boolean userOffsetHere = first && position == null && toSkip > 0;
    if (userOffsetHere) {
      // No position to start from: the backend skips the offset itself, without building them.
      offset = (int) Math.min(Integer.MAX_VALUE, toSkip);
      toSkip -= offset;
    }
    first = false;
    long need = remaining > Long.MAX_VALUE - toSkip ? Long.MAX_VALUE : remaining + toSkip;
    int want = (int) Math.min(pageSize, need);
    List<FlowTrace> rows = storage.query(page.offset(offset == 0 ? null : offset).limit(want).build());
    if (rows.size() < want) {
      exhausted = true;
    }
    Long groupTime = offsetIntoGroup ? position.startTimeMicros() : null;
    int inGroup = offset;
    boolean groupIndexKnown = true;
    for (int i = 0; i < rows.size(); i++) {
      FlowTrace t = rows.get(i);
      TracePosition p = TracePosition.of(t);
      if (upper != null && p.startTimeMicros() > upper) {
        // Without this the same page would be asked for forever.
        throw new IllegalStateException("Backend " + storage.backendName() + " returned trace "
            + p.traceId() + " with start_time after the query's time range " + page.build());
      }
      if (groupTime != null && p.startTimeMicros() == groupTime) {
        inGroup++;
      } else {
        groupTime = p.startTimeMicros();
        inGroup = 1;
        // After the user's offset the first group may have begun before this page: its index is
        // unknown, and 0 is safe (traces at or before the position are dropped below), only slower.
        groupIndexKnown = !(userOffsetHere && i == 0);
      }
      if (position == null || position.isBefore(p)) {
        position = p;
        if (toSkip > 0) {
          toSkip--;
        } else {
          buffer.add(t);
        }
      }
    }
    groupOffset = groupIndexKnown ? inGroup : 0;
  }

  private static Instant instant(long micros) {
    return Timestamp.ofEpochMicros(micros).toInstant();
  }
}
