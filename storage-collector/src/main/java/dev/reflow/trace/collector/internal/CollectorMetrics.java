package dev.reflow.trace.collector.internal;

import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** The counters GetMetrics reports (upstream's seven, then this collector's own). */
final class CollectorMetrics {
  final AtomicLong connectionsActive = new AtomicLong();
  final LongAdder connectionsTotal = new LongAdder();
  final LongAdder messagesReceived = new LongAdder();
  final LongAdder messagesSent = new LongAdder();
  final LongAdder errorsTotal = new LongAdder();
  final LongAdder tracesStored = new LongAdder();
  final LongAdder tracesQueried = new LongAdder();
  final LongAdder eventsRecorded = new LongAdder();
  final LongAdder notificationsDropped = new LongAdder();
  final LongAdder connectionsRefused = new LongAdder();
  final AtomicLong inFlightBytes = new AtomicLong();

  SortedMap<String, Long> snapshot(long tracesInFlight) {
    SortedMap<String, Long> m = new TreeMap<>();
    m.put("connections_active", connectionsActive.get());
    m.put("connections_total", connectionsTotal.sum());
    m.put("messages_received", messagesReceived.sum());
    m.put("messages_sent", messagesSent.sum());
    m.put("errors_total", errorsTotal.sum());
    m.put("traces_stored", tracesStored.sum());
    m.put("traces_queried", tracesQueried.sum());
    m.put("events_recorded", eventsRecorded.sum());
    m.put("notifications_dropped", notificationsDropped.sum());
    m.put("connections_refused", connectionsRefused.sum());
    m.put("in_flight_bytes", inFlightBytes.get());
    m.put("traces_in_flight", tracesInFlight);
    return m;
  }
}
