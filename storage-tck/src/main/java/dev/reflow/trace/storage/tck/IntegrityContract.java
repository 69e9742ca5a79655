package dev.reflow.trace.storage.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflow.trace.checksum.CanonicalForm;
import dev.reflow.trace.checksum.Checksums;
import dev.reflow.trace.checksum.IntegrityReport;
import dev.reflow.trace.checksum.SnapshotCheck;
import dev.reflow.trace.checksum.TraceIntegrity;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.MessageSnapshot;
import dev.reflow.trace.model.TraceEventType;
import dev.reflow.trace.storage.TraceQuery;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Captured snapshot content still matches its checksum after a store and a read. */
public abstract class IntegrityContract extends TckContract {
  protected IntegrityContract(TraceStorageTck tck) {
    super(tck);
  }

  /** Message contents captured the way Reflow's {@code MessageSnapshot::capture} does it. */
  private static final String[] CONTENTS = {
    "{\"type\":\"Integer\",\"data\":42}",
    "{\"type\":\"Flow\"}",
    "{\"type\":\"Float\",\"data\":1e16}",
    "{\"type\":\"Object\",\"data\":{\"total\":129.95,\"neg\":-0.0,\"tiny\":5e-324,\"big\":18446744073709551615,"
        + "\"min\":-9223372036854775808,\"beyond53\":9007199254740993}}",
    "{\"type\":\"Object\",\"data\":{\"\uD83D\uDE02\":1,\"\uFB33\":2,\"\u00e9t\u00e9\":\"\\u0000\\u001b\u007f\u2028\",\"\":null}}",
    "{\"type\":\"Array\",\"data\":[" + "\"0123456789abcdef\",".repeat(4096) + "true]}",
  };

  @Test
  @DisplayName("The completed-flow fixture's captured snapshot still verifies after store and get")
  public void store_completedFixture_capturedSnapshotStillVerifies() {
    FlowTrace fixture = Fixtures.trace(Fixtures.COMPLETED_FLOW);
    IntegrityReport before = TraceIntegrity.verify(fixture);
    assertThat(before.isFullyVerified()).as("the fixture itself verifies: %s", before).isTrue();
    assertThat(before.checks()).as("the fixture has a captured snapshot").isNotEmpty();
    store(fixture);

    IntegrityReport after = TraceIntegrity.verify(getPresent(fixture.traceId(), "completed-flow.json"));

    assertThat(after.isFullyVerified()).as("Backend <%s>: integrity after get: %s", backend(), after).isTrue();
    assertThat(after.checks()).as("Backend <%s>: snapshots checked after get", backend()).hasSameSizeAs(before.checks());
  }

  @Test
  @DisplayName("Captured snapshots with floats, big integers, astral keys and 64 KiB content verify after get and query")
  public void store_capturedSnapshots_verifyAfterGetAndQuery() {
    TraceBuilder b = TestTraces.trace(4242).noEvents().flowId("integrity");
    for (int i = 0; i < CONTENTS.length; i++) {
      byte[] canonical = Checksums.reflow().canonicalize(CONTENTS[i]);
      b.event(TestTraces.event("actor-" + i).type(TraceEventType.Simple.MESSAGE_SENT).port("out")
          .message(new MessageSnapshot("T" + i, canonical.length, CanonicalForm.digest(canonical), canonical,
              "none", 1, (long) canonical.length)));
    }
    FlowTrace trace = b.build();
    IntegrityReport before = TraceIntegrity.verify(trace);
    assertThat(before.checks()).hasSize(CONTENTS.length);
    assertThat(before.isFullyVerified()).as("built trace verifies: %s", before).isTrue();
    store(trace);

    IntegrityReport afterGet = TraceIntegrity.verify(getPresent(trace.traceId(), "trace with captured snapshots"));
    List<FlowTrace> found = assertQuery(TraceQuery.builder().flowId(trace.flowId()).build(), ids(trace),
        "trace with captured snapshots queried by flow id");
    IntegrityReport afterQuery = TraceIntegrity.verify(found.get(0));

    for (IntegrityReport r : List.of(afterGet, afterQuery)) {
      assertThat(r.checks()).as("Backend <%s>: checks in %s", backend(), r).hasSize(CONTENTS.length)
          .allSatisfy(c -> assertThat(c.status()).as("Backend <%s>: %s", backend(), c.describe())
              .isEqualTo(SnapshotCheck.Status.OK));
    }
  }
}
