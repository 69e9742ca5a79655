package dev.reflow.trace.viewer.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.reflow.trace.model.Timestamp;
import dev.reflow.trace.storage.StoredTrace;
import dev.reflow.trace.storage.TraceQuery;
import dev.reflow.trace.storage.TraceStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code /api/flows}: the flow ids of the stored traces with their counts and last run. No SPI
 * call groups by flow, so this streams the stored JSON (bounded memory) and reads each document
 * only up to its {@code status}, which comes before the events; the events are never decoded.
 * Memory is bounded by {@link #MAX_FLOWS} distinct flows.
 */
final class FlowScan {
  static final int MAX_FLOWS = 10_000;
  private static final JsonFactory FACTORY = new JsonFactory();

  record Flow(String flowId, long traceCount, long failedCount, String lastStartTime) {}

  record Result(List<Flow> flows, boolean truncated) {}

  private static final class Tally {
    long count;
    long failed;
    long lastMicros = Long.MIN_VALUE;
  }

  private FlowScan() {}

  static Result scan(TraceStorage storage, TraceQuery query) {
    Map<String, Tally> tallies = new HashMap<>();
    boolean truncated = false;
    try (Stream<StoredTrace> all = storage.streamJson(query)) {
      for (StoredTrace t : (Iterable<StoredTrace>) all::iterator) {
        String[] head = head(t.json());
        Tally tally = tallies.get(head[0]);
        if (tally == null) {
          if (tallies.size() >= MAX_FLOWS) {
            truncated = true;
            continue;
          }
          tally = new Tally();
          tallies.put(head[0], tally);
        }
        tally.count++;
        if ("Failed".equals(head[1])) {
          tally.failed++;
        }
        tally.lastMicros = Math.max(tally.lastMicros, t.startTimeMicros());
      }
    }
    List<Map.Entry<String, Tally>> entries = new ArrayList<>(tallies.entrySet());
    entries.sort(Comparator.comparingLong((Map.Entry<String, Tally> e) -> e.getValue().lastMicros).reversed()
        .thenComparing(Map.Entry::getKey));
    List<Flow> flows = new ArrayList<>(entries.size());
    for (Map.Entry<String, Tally> e : entries) {
      Tally t = e.getValue();
      flows.add(new Flow(e.getKey(), t.count, t.failed, Timestamp.ofEpochMicros(t.lastMicros).toString()));
    }
    return new Result(flows, truncated);
  }

  /** {flow_id, status kind}, reading the document no further than its status. */
  private static String[] head(byte[] json) {
    String flow = null;
    try (JsonParser p = FACTORY.createParser(json)) {
      p.nextToken();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (name.equals("flow_id")) {
          flow = p.getText();
        } else if (name.equals("status")) {
          // "Completed", {"Completed":null} or {"Failed":{"error":…}}: the variant name is enough.
          String kind = value == JsonToken.START_OBJECT ? p.nextFieldName() : p.getText();
          return new String[] {flow, kind};
        } else {
          p.skipChildren();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new IllegalStateException("stored trace without flow_id or status");
  }
}
