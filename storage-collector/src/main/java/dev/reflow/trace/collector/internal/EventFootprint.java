package dev.reflow.trace.collector.internal;

import dev.reflow.trace.model.CausalityInfo;
import dev.reflow.trace.model.EventId;
import dev.reflow.trace.model.JsonValue;
import dev.reflow.trace.model.MessageSnapshot;
import dev.reflow.trace.model.PerformanceMetrics;
import dev.reflow.trace.model.StateDiff;
import dev.reflow.trace.model.TraceEvent;
import dev.reflow.trace.model.TraceEventData;
import dev.reflow.trace.model.TraceEventType;
import java.util.Map;

/**
 * An upper bound on the heap a decoded {@link TraceEvent} holds, which is what an in-flight event
 * costs in {@code server.max_in_flight_bytes} now that the collector keeps events decoded (so a
 * trace is not parsed a second time when it is stored or read).
 *
 * <p>Counted for the most expensive layout a HotSpot JVM uses: 16-byte object headers, 8-byte
 * references (no compressed oops, as above 32 GiB of heap), 24-byte array headers, 8-byte
 * alignment; shared constants (an empty map, an unmeasured {@code PerformanceMetrics}, enum
 * variants) count nothing. So the estimate is never below the real size on any heap size;
 * {@code EventFootprintTest} checks it against the layout JOL measures. Walking the event costs a
 * small fraction of decoding it.
 */
final class EventFootprint {
  private static final int HEADER = 16;
  private static final int REF = 8;
  private static final int ARRAY_HEADER = 24;
  /** A UUID (two longs) inside an EventId (one reference). */
  private static final long EVENT_ID = object(1, 0) + object(0, 16);
  /** A boxed Long, Float or Double. */
  private static final long BOXED = object(0, 8);
  /** LinkedHashMap itself (HashMap's fields, head, tail, access order and room for a newer JDK's). */
  private static final long LINKED_HASH_MAP = object(6, 24);
  /** One LinkedHashMap entry: hash, key, value, next, before, after. */
  private static final long MAP_ENTRY = object(5, 4);
  /** Collections.unmodifiableMap's wrapper: the map and its three cached views. */
  private static final long UNMODIFIABLE_MAP = object(4, 0);

  private EventFootprint() {}

  /** Bytes of heap the decoded event holds, at most. */
  static long of(TraceEvent e) {
    long n = object(6, 0) + EVENT_ID + object(0, 12) + string(e.actorId()) + type(e.eventType());
    return n + data(e.data()) + causality(e.causality());
  }

  private static long type(TraceEventType t) {
    return t instanceof TraceEventType.DataFlow d ? object(2, 0) + string(d.toActor()) + string(d.toPort()) : 0;
  }

  private static long data(TraceEventData d) {
    long n = object(6, 0) + string(d.port()) + string(d.error()) + message(d.message()) + stateDiff(d.stateDiff());
    PerformanceMetrics m = d.performanceMetrics();
    if (m != PerformanceMetrics.UNMEASURED) {
      n += object(5, 0) + 5 * BOXED;
    }
    return n + map(d.customAttributes());
  }

  private static long message(MessageSnapshot m) {
    if (m == null) {
      return 0;
    }
    // serializedData() copies; its length is what matters, and sizeBytes says nothing about it.
    return object(5, 16) + string(m.messageType()) + string(m.checksum()) + string(m.contentCodec())
        + bytes(m.serializedData().length) + (m.storedBytes() == null ? 0 : BOXED);
  }

  private static long stateDiff(StateDiff s) {
    if (s == null) {
      return 0;
    }
    byte[] before = s.before();
    return object(3, 0) + (before == null ? 0 : bytes(before.length)) + bytes(s.after().length);
  }

  private static long causality(CausalityInfo c) {
    long n = object(4, 0) + (c.parentEventId() == null ? 0 : EVENT_ID) + EVENT_ID + string(c.spanId());
    return n + list(c.dependencyChain().size()) + c.dependencyChain().size() * EVENT_ID;
  }

  private static long map(Map<String, JsonValue> m) {
    if (m.isEmpty()) {
      return 0; // Map.of(): one shared instance
    }
    long n = UNMODIFIABLE_MAP + LINKED_HASH_MAP + refs(tableSize(m.size())) + m.size() * MAP_ENTRY;
    for (Map.Entry<String, JsonValue> e : m.entrySet()) {
      n += string(e.getKey()) + value(e.getValue());
    }
    return n;
  }

  private static long value(JsonValue v) {
    if (v instanceof JsonValue.JsonString s) {
      return object(1, 0) + string(s.value());
    } else if (v instanceof JsonValue.JsonInteger) {
      // the record, a BigInteger (signum, four cached ints, its magnitude) and a magnitude of <= 2 ints
      return object(1, 0) + object(1, 20) + ARRAY_HEADER + 8;
    } else if (v instanceof JsonValue.JsonArray a) {
      long n = object(1, 0) + list(a.items().size());
      for (JsonValue item : a.items()) {
        n += value(item);
      }
      return n;
    } else if (v instanceof JsonValue.JsonObject o) {
      return object(1, 0) + map(o.members());
    }
    return object(0, 8); // null, boolean, float
  }

  /** An immutable list (List.copyOf): the list object and its array; empty is shared. */
  private static long list(int size) {
    return size == 0 ? 0 : object(2, 4) + refs(size);
  }

  /** A HashMap table's capacity for this many entries, generously (growth doubles it). */
  private static int tableSize(int entries) {
    return Math.max(16, Integer.highestOneBit(Math.max(1, entries * 2)) * 2);
  }

  static long string(String s) {
    if (s == null) {
      return 0;
    }
    boolean latin1 = true;
    for (int i = 0; i < s.length() && latin1; i++) {
      latin1 = s.charAt(i) <= 0xFF;
    }
    return object(1, 8) + align(ARRAY_HEADER + (long) s.length() * (latin1 ? 1 : 2));
  }

  private static long bytes(int length) {
    return align(ARRAY_HEADER + (long) length);
  }

  private static long refs(int count) {
    return align(ARRAY_HEADER + (long) count * REF);
  }

  private static long object(int refs, int primitiveBytes) {
    return align(HEADER + (long) refs * REF + primitiveBytes);
  }

  private static long align(long n) {
    return (n + 7) & ~7L;
  }
}
