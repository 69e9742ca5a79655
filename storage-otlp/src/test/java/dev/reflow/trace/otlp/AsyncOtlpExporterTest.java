package dev.reflow.trace.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflow.trace.json.TraceJson;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.TraceId;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The asynchronous exporter against a real in-process receiver. */
class AsyncOtlpExporterTest {
  private static final FlowTrace TRACE = TraceJson.read(resource());
  private final OtlpReceiver receiver = newReceiver();
  private final List<Exception> failures = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    receiver.close();
  }

  private AsyncOtlpExporter exporter(URI endpoint, OtlpExporter.Protocol protocol, int maxQueue, int maxBatch,
      int maxAttempts) {
    OtlpExporter sender = new OtlpExporter(new OtlpExporter.Config(endpoint, protocol,
        Map.of("Authorization", "Bearer s3cret-token"), Duration.ofSeconds(5), true, maxAttempts, Duration.ofMillis(5),
        Duration.ofMillis(20)));
    return new AsyncOtlpExporter(new OtlpMapping(), sender, maxQueue, maxBatch, failures::add);
  }

  @Test
  void deliversEveryTraceOnceInBatchesOfAtMostMaxBatchTraces() throws Exception {
    List<FlowTrace> traces = traces(10);
    AsyncOtlpExporter exporter = exporter(receiver.endpoint(), OtlpExporter.Protocol.HTTP_PROTOBUF, 100, 3, 3);
    receiver.hold(); // the first batch waits, so that the rest queue up and go out in full batches
    traces.forEach(exporter::offer);
    receiver.release();

    assertThat(exporter.close(Duration.ofSeconds(10))).isTrue();

    assertThat(exporter.stats()).isEqualTo(new AsyncOtlpExporter.Stats(10, 10, 0, 0, 0));
    assertThat(receiver.requests()).allSatisfy(r -> assertThat(rootSpans(r.getResourceSpans(0).getScopeSpans(0)
        .getSpansList())).hasSizeBetween(1, 3));
    assertThat(receiver.requests().size()).isLessThan(10);
    List<String> received = rootSpans(receiver.spans()).stream().map(s -> HexFormat.of().formatHex(s.getTraceId().toByteArray())).toList();
    assertThat(received).containsExactlyInAnyOrderElementsOf(
        traces.stream().map(t -> t.traceId().value().toString().replace("-", "")).toList());
    assertThat(receiver.spans()).hasSize(10 * (1 + TRACE.events().size()));
  }

  @Test
  void jsonRequestsDecodeToTheMappedSpans() throws Exception {
    AsyncOtlpExporter exporter = exporter(receiver.endpoint(), OtlpExporter.Protocol.HTTP_JSON, 10, 5, 3);
    exporter.offer(TRACE);
    exporter.close(Duration.ofSeconds(10));

    assertThat(receiver.requests()).containsExactly(new OtlpMapping().toRequest(TRACE));
  }

  @Test
  void slowReceiverFillsTheQueueAndFurtherTracesAreDroppedWithoutBlocking() throws Exception {
    receiver.hold();
    AsyncOtlpExporter exporter = exporter(receiver.endpoint(), OtlpExporter.Protocol.HTTP_PROTOBUF, 4, 1, 1);
    List<FlowTrace> traces = traces(50);
    long start = System.nanoTime();
    List<Boolean> accepted = new ArrayList<>();
    traces.forEach(t -> accepted.add(exporter.offer(t)));
    Duration offering = Duration.ofNanos(System.nanoTime() - start);

    assertThat(offering).as("offer never waits for the receiver").isLessThan(Duration.ofSeconds(2));
    // one trace is being sent (held by the receiver), at most 4 wait in the queue
    long taken = accepted.stream().filter(a -> a).count();
    assertThat(taken).isBetween(4L, 5L);
    assertThat(exporter.stats().dropped()).isEqualTo(50 - taken);

    receiver.release();
    assertThat(exporter.close(Duration.ofSeconds(10))).isTrue();
    AsyncOtlpExporter.Stats stats = exporter.stats();
    assertThat(stats.sent()).isEqualTo(taken);
    assertThat(stats.offered()).isEqualTo(stats.sent() + stats.dropped());
    assertThat(rootSpans(receiver.spans())).hasSize((int) taken);
  }

  @Test
  void permanentRejectionIsCountedAsFailedAndReportedWithoutCredentials() throws Exception {
    receiver.answer(400);
    AsyncOtlpExporter exporter = exporter(receiver.endpoint(), OtlpExporter.Protocol.HTTP_JSON, 10, 2, 5);
    traces(3).forEach(exporter::offer);
    exporter.close(Duration.ofSeconds(10));

    assertThat(exporter.stats().failed()).isEqualTo(3);
    assertThat(exporter.stats().sent()).isZero();
    assertThat(failures).isNotEmpty().allSatisfy(e -> assertThat(e).hasMessageContaining("HTTP 400")
        .hasMessageNotContaining("s3cret"));
  }

  @Test
  void receiverDownCountsFailuresAfterRetries() throws Exception {
    URI endpoint = receiver.endpoint();
    receiver.close();
    AsyncOtlpExporter exporter = exporter(endpoint, OtlpExporter.Protocol.HTTP_PROTOBUF, 10, 10, 2);
    traces(2).forEach(exporter::offer);
    exporter.close(Duration.ofSeconds(10));

    assertThat(exporter.stats().failed()).isEqualTo(2);
    assertThat(failures).isNotEmpty().allSatisfy(e ->
        assertThat(((OtlpExportException) e).attempts()).isEqualTo(2));
  }

  @Test
  void closeGivesUpAfterItsTimeoutAndCountsWhatWasLeftAsDropped() throws Exception {
    receiver.hold();
    AsyncOtlpExporter exporter = exporter(receiver.endpoint(), OtlpExporter.Protocol.HTTP_PROTOBUF, 10, 1, 1);
    traces(3).forEach(exporter::offer);
    long start = System.nanoTime();

    assertThat(exporter.close(Duration.ofMillis(300))).isFalse();

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    AsyncOtlpExporter.Stats stats = exporter.stats();
    assertThat(stats.sent()).isZero();
    assertThat(stats.failed() + stats.dropped()).isEqualTo(3);
    assertThat(stats.dropped()).isGreaterThanOrEqualTo(2);
    assertThat(exporter.offer(TRACE)).as("closed: dropped").isFalse();
  }

  private static List<Span> rootSpans(List<Span> spans) {
    return spans.stream().filter(s -> s.getParentSpanId().isEmpty()).toList();
  }

  private static List<FlowTrace> traces(int n) {
    List<FlowTrace> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(TRACE.withTraceId(new TraceId(UUID.randomUUID())));
    }
    return out;
  }

  private static OtlpReceiver newReceiver() {
    try {
      return new OtlpReceiver();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] resource() {
    try (InputStream in = AsyncOtlpExporterTest.class.getClassLoader().getResourceAsStream("completed-flow.json")) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
