package dev.reflow.trace.collector.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflow.trace.collector.protocol.ProtocolFixtures;
import dev.reflow.trace.json.TraceJson;
import dev.reflow.trace.model.CausalityInfo;
import dev.reflow.trace.model.EventId;
import dev.reflow.trace.model.JsonValue;
import dev.reflow.trace.model.MessageSnapshot;
import dev.reflow.trace.model.PerformanceMetrics;
import dev.reflow.trace.model.StateDiff;
import dev.reflow.trace.model.StateDiffType;
import dev.reflow.trace.model.Timestamp;
import dev.reflow.trace.model.TraceEvent;
import dev.reflow.trace.model.TraceEventData;
import dev.reflow.trace.model.TraceEventType;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.GraphLayout;
import org.openjdk.jol.vm.VM;

/**
 * The memory bound counts decoded events by {@link EventFootprint}: it must never be below what
 * the event really holds on the heap (JOL measures the object graph on this JVM), or
 * {@code max_in_flight_bytes} would let the heap grow past it.
 */
class EventFootprintTest {
  static {
    // Unsafe refuses field offsets of record classes (every trace type is one); JOL then finds them
    // another way. Sizes come from the object layout: no agent or serviceability attach (slow, noisy).
    System.setProperty("jol.magicFieldOffset", "true");
    System.setProperty("jol.skipDynamicAttach", "true");
    System.setProperty("jol.skipInstallAttach", "true");
    System.setProperty("jol.skipHotspotSAAttach", "true");
    PrintStream out = System.out;
    System.setOut(new PrintStream(OutputStream.nullOutputStream())); // its warnings about the skipped attach
    try {
      VM.current();
    } finally {
      System.setOut(out);
    }
  }

  @Test
  @DisplayName("The estimate is at least the measured heap of every event of the Reflow fixtures")
  void fixtureEvents_estimateCoversMeasuredHeap() {
    List<TraceEvent> events = new ArrayList<>();
    events.addAll(TraceJson.read(ProtocolFixtures.text(ProtocolFixtures.COMPLETED)).events());
    events.addAll(TraceJson.read(ProtocolFixtures.text(ProtocolFixtures.MINIMAL)).events());
    byte[] single = ProtocolFixtures.EVENT.getBytes(StandardCharsets.UTF_8);
    events.add(TraceJson.readEvent(single, 0, single.length, "test"));
    assertThat(events).hasSizeGreaterThan(5);
    for (TraceEvent e : events) {
      assertCovers(e);
    }
  }

  @Test
  @DisplayName("The estimate covers large payloads, non-Latin-1 text, nested attributes, metrics and long causality chains")
  void heavyEvents_estimateCoversMeasuredHeap() {
    Map<String, JsonValue> attributes = new LinkedHashMap<>();
    attributes.put("note", JsonValue.of("grüße, 世界, ✓".repeat(200)));
    attributes.put("count", JsonValue.of(Long.MAX_VALUE));
    attributes.put("ratio", JsonValue.of(0.25));
    attributes.put("flag", JsonValue.of(true));
    attributes.put("nothing", JsonValue.NULL);
    Map<String, JsonValue> nested = new LinkedHashMap<>();
    for (int i = 0; i < 40; i++) {
      nested.put("k" + i, JsonValue.array(JsonValue.of(i), JsonValue.of("v" + i), JsonValue.object(Map.of("x", JsonValue.of(i)))));
    }
    attributes.put("nested", JsonValue.object(nested));
    List<EventId> chain = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      chain.add(EventId.random());
    }
    TraceEvent heavy = new TraceEvent(EventId.random(), Timestamp.now(), TraceEventType.dataFlow("transformer", "in"),
        "äctor-" + "x".repeat(300),
        new TraceEventData("out", new MessageSnapshot("Object", 1 << 16, "sha256:abc", new byte[1 << 16], "zstd", 2, 77L),
            new StateDiff(new byte[5000], new byte[7000], StateDiffType.values()[0]), "boom",
            new PerformanceMetrics(1L, 2L, 3.5f, 4L, 5.5), attributes),
        new CausalityInfo(EventId.random(), EventId.random(), chain, "span"));
    assertCovers(heavy);
    // and the same event after a round trip through the codec, as the collector holds it
    byte[] json = TraceJson.writeEventBytes(heavy);
    assertCovers(TraceJson.readEvent(json, 0, json.length, "test"));
  }

  @Test
  @DisplayName("The estimate stays within a few times the measured heap, so the bound is not needlessly tight")
  void estimate_isNotWildlyAbove() {
    byte[] single = ProtocolFixtures.EVENT.getBytes(StandardCharsets.UTF_8);
    TraceEvent e = TraceJson.readEvent(single, 0, single.length, "test");
    long measured = GraphLayout.parseInstance(e).totalSize();
    assertThat(EventFootprint.of(e)).isLessThanOrEqualTo(3 * measured);
  }

  private static void assertCovers(TraceEvent e) {
    long measured = GraphLayout.parseInstance(e).totalSize();
    assertThat(EventFootprint.of(e)).as("estimate for event %s (measured %d bytes)", e.eventId(), measured)
        .isGreaterThanOrEqualTo(measured);
  }
}
