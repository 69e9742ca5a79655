package dev.reflow.trace.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflow.trace.model.ExecutionStatus;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.MessageSnapshot;
import dev.reflow.trace.model.TraceEvent;
import dev.reflow.trace.model.TraceEventType;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SyntheticTracesTest {
  private static List<FlowTrace> traces;

  @BeforeAll
  static void generate() {
    traces = new SyntheticTraces(42).next(1000);
  }

  @Test
  @DisplayName("the same seed gives the same traces; another seed gives others")
  void seeded_deterministic() {
    assertThat(new SyntheticTraces(42).next(50)).isEqualTo(traces.subList(0, 50));
    assertThat(new SyntheticTraces(43).next(50)).doesNotContainAnyElementsOf(traces.subList(0, 50));
  }

  @Test
  @DisplayName("ids are unique version-4 UUIDs")
  void ids_unique() {
    Set<String> ids = traces.stream().map(t -> t.traceId().toString()).collect(Collectors.toSet());
    assertThat(ids).hasSize(1000);
    assertThat(traces.get(0).traceId().value().version()).isEqualTo(4);
  }

  @Test
  @DisplayName("several flows and every final status kind, mostly completed, failures with an error")
  void flowsAndStatuses() {
    Map<String, Long> flows = traces.stream().collect(Collectors.groupingBy(t -> t.flowId().value(), Collectors.counting()));
    assertThat(flows.keySet()).containsExactlyInAnyOrderElementsOf(SyntheticTraces.flowIds());
    Map<ExecutionStatus.Kind, Long> kinds = traces.stream()
        .collect(Collectors.groupingBy(t -> t.status().kind(), Collectors.counting()));
    assertThat(kinds.get(ExecutionStatus.Kind.COMPLETED)).isBetween(750L, 890L);
    assertThat(kinds.get(ExecutionStatus.Kind.FAILED)).isBetween(60L, 140L);
    assertThat(kinds).containsKeys(ExecutionStatus.Kind.RUNNING, ExecutionStatus.Kind.CANCELLED);
    for (FlowTrace t : traces) {
      if (t.status() instanceof ExecutionStatus.Failed f) {
        assertThat(f.error()).isNotBlank();
        assertThat(t.events()).anyMatch(e -> e.eventType() == TraceEventType.Simple.ACTOR_FAILED
            && f.error().equals(e.data().error()));
      }
      assertThat(t.endTime() == null).as("only running traces lack an end time: %s", t.traceId())
          .isEqualTo(t.status().kind() == ExecutionStatus.Kind.RUNNING);
    }
  }

  @Test
  @DisplayName("5 to 50 events each, in time order, after the start and before the end")
  void events_countAndOrder() {
    Set<Integer> counts = new HashSet<>();
    for (FlowTrace t : traces) {
      counts.add(t.events().size());
      assertThat(t.events().size()).isBetween(5, 50);
      TraceEvent prev = null;
      for (TraceEvent e : t.events()) {
        assertThat(e.timestamp().isBefore(t.startTime())).isFalse();
        if (prev != null) {
          assertThat(e.timestamp().isBefore(prev.timestamp())).as("events in time order").isFalse();
        }
        prev = e;
      }
      if (t.endTime() != null) {
        assertThat(t.endTime().isBefore(prev.timestamp())).isFalse();
      }
    }
    assertThat(counts).contains(5, 50);
  }

  @Test
  @DisplayName("start times lie in the window before the anchor")
  void startTimes_inWindow() {
    Instant newest = Instant.parse("2026-11-23T22:00:00Z");
    for (FlowTrace t : new SyntheticTraces(1, newest, Duration.ofHours(2)).next(200)) {
      assertThat(t.startTime().toInstant()).isBetween(newest.minus(Duration.ofHours(2)), newest);
    }
  }

  @Test
  @DisplayName("data flows go between the flow's named actors along the pipeline")
  void dataFlows_betweenNamedActors() {
    long dataFlows = 0;
    for (FlowTrace t : traces) {
      for (TraceEvent e : t.events()) {
        if (e.eventType() instanceof TraceEventType.DataFlow df) {
          dataFlows++;
          assertThat(df.toActor()).isNotEqualTo(e.actorId());
          assertThat(df.toPort()).isEqualTo("in");
          assertThat(e.data().port()).isEqualTo("out");
          assertThat(e.data().message()).isNotNull();
        }
      }
    }
    assertThat(dataFlows).isGreaterThan(3000);
  }

  @Test
  @DisplayName("snapshots carry Reflow sha256 checksums; captured content hashes to its checksum")
  void snapshots_checksums() throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    long captured = 0;
    long total = 0;
    for (FlowTrace t : traces) {
      for (TraceEvent e : t.events()) {
        MessageSnapshot m = e.data().message();
        if (m == null) {
          continue;
        }
        total++;
        assertThat(m.checksum()).matches("sha256:[0-9a-f]{64}");
        assertThat(m.contentFormatVersion()).isEqualTo(1);
        if (m.hasContent()) {
          captured++;
          byte[] content = m.serializedData();
          assertThat(m.checksum()).isEqualTo("sha256:" + HexFormat.of().formatHex(sha.digest(content)));
          assertThat(m.sizeBytes()).isEqualTo(content.length);
          assertThat(m.storedBytes()).isEqualTo((long) content.length);
          assertThat(new String(content, java.nio.charset.StandardCharsets.UTF_8)).startsWith("{\"data\":")
              .endsWith(",\"type\":\"" + m.messageType() + "\"}");
        } else {
          assertThat(m.storedBytes()).isNull();
        }
      }
    }
    assertThat((double) captured / total).isBetween(0.2, 0.3);
  }

  @Test
  @DisplayName("the canonical form sorts keys and hashes like Reflow's pinned vectors")
  void canonical_matchesReflowVectors() {
    byte[] integer = CanonicalJson.message("Integer", 42L);
    assertThat(new String(integer, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("{\"data\":42,\"type\":\"Integer\"}");
    assertThat(CanonicalJson.checksum(integer)).startsWith("sha256:701118c2").endsWith("65e6f4");
    assertThat(CanonicalJson.checksum("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .isEqualTo("sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
  }

  @Test
  @DisplayName("measured metrics are plausible: DataFlow events have every field, others only some")
  void metrics_plausible() {
    Map<Boolean, List<TraceEvent>> byKind = traces.stream().flatMap(t -> t.events().stream())
        .collect(Collectors.partitioningBy(e -> e.eventType() instanceof TraceEventType.DataFlow));
    for (TraceEvent e : byKind.get(true)) {
      var m = e.data().performanceMetrics();
      assertThat(m.executionTimeNs()).isPositive();
      assertThat(m.memoryUsageBytes()).isNotNull().isNotNegative();
      assertThat(m.cpuUsagePercent()).isBetween(0f, 100f);
      assertThat(m.queueDepth()).isNotNegative();
      assertThat(m.throughputMsgsPerSec()).isNotNegative();
    }
    Map<String, Long> actorsPerEvent = traces.stream().flatMap(t -> t.events().stream())
        .collect(Collectors.groupingBy(TraceEvent::actorId, Collectors.counting()));
    assertThat(actorsPerEvent).containsKeys("reader", "fraud_check", "network");
    assertThat(traces.stream().map(t -> t.metadata().environment()).distinct().toList())
        .contains("production", "staging");
    assertThat(traces.stream().map(FlowTrace::flowId).collect(Collectors.toMap(Function.identity(), f -> 1, Integer::sum)))
        .hasSize(6);
  }

  @Test
  @DisplayName("the compact shape: mostly short runs with a tail up to 50 events, about 6 KB of JSON on average")
  void compactShape() {
    List<FlowTrace> compact = new SyntheticTraces(42, SyntheticTraces.DEFAULT_NEWEST, SyntheticTraces.DEFAULT_WINDOW,
        SyntheticTraces.Shape.COMPACT).next(5000);
    double meanJson = compact.stream().mapToInt(t -> dev.reflow.trace.json.TraceJson.writeBytes(t).length).average().orElseThrow();
    assertThat(meanJson).isBetween(5000.0, 7000.0);
    assertThat(compact).allSatisfy(t -> assertThat(t.events().size()).isBetween(5, 50));
    assertThat(compact).filteredOn(t -> t.events().size() >= 20).hasSizeBetween(50, 400);
    assertThat(compact).filteredOn(t -> t.events().size() <= 7).hasSizeGreaterThan(2500);
    assertThat(compact).allSatisfy(t -> assertThat(t.events())
        .allSatisfy(e -> assertThat(e.causality().dependencyChain()).hasSizeLessThanOrEqualTo(4)));
  }

  @Test
  @DisplayName("a shape that cannot hold a run's lifecycle is refused")
  void shapeValidated() {
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> new SyntheticTraces.Shape(4, 50, 0, 4, 4)).withMessageContaining("minEvents");
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> new SyntheticTraces.Shape(5, 50, 0, 4, 0));
  }
}
