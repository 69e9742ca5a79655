package dev.reflow.trace.storage.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.reflow.trace.json.TraceJson;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.storage.TraceQuery;
import dev.reflow.trace.storage.TraceStorage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;

/**
 * Base of the capability groups: access to the running test's storage, and assertions whose
 * messages name the backend, the input, what was expected and what was received.
 */
public abstract class TckContract {
  private final TraceStorageTck tck;

  protected TckContract(TraceStorageTck tck) {
    this.tck = tck;
  }

  /** The running test's storage, new and empty at the start of each test. */
  protected final TraceStorage storage() {
    return tck.storage();
  }

  /** The backend label used in messages. */
  protected final String backend() {
    return tck.backendLabel();
  }

  /** The TCK instance (for its hooks). */
  protected final TraceStorageTck tck() {
    return tck;
  }

  /** Stores each trace with {@link TraceStorage#store}, in order. */
  /**
   * Makes the database refuse writes of {@code traceId} ({@link TraceStorageTck#refuseInDatabase}),
   * or skips the calling test, printing why, where the backend's test cannot.
   */
  protected final void refuseInDatabaseOrSkip(TraceId traceId, String test) {
    if (!tck().refuseInDatabase(traceId)) {
      String reason = "Backend <" + backend() + ">: the test cannot make the database refuse a write "
          + "(TraceStorageTck.refuseInDatabase is not implemented)";
      System.out.println("[skip] " + test + ": " + reason);
      Assumptions.abort(reason);
    }
  }

  protected final void store(FlowTrace... traces) {
    for (FlowTrace t : traces) {
      storage().store(t);
    }
  }

  protected final void store(Collection<FlowTrace> traces) {
    for (FlowTrace t : traces) {
      storage().store(t);
    }
  }

  protected static List<TraceId> ids(Collection<FlowTrace> traces) {
    return traces.stream().map(FlowTrace::traceId).collect(Collectors.toList());
  }

  protected static List<TraceId> ids(FlowTrace... traces) {
    return ids(List.of(traces));
  }

  /** What the reference semantics return for {@code query} over {@code stored}. */
  protected static List<FlowTrace> reference(Collection<FlowTrace> stored, TraceQuery query) {
    Map<TraceId, FlowTrace> latest = new LinkedHashMap<>();
    for (FlowTrace t : stored) {
      latest.put(t.traceId(), t);
    }
    List<FlowTrace> matching = latest.values().stream()
        .filter(query::matches)
        .sorted(TraceQuery.ORDER)
        .collect(Collectors.toCollection(ArrayList::new));
    int from = query.offset() == null ? 0 : Math.min(query.offset(), matching.size());
    long to = query.limit() == null ? matching.size() : Math.min(matching.size(), (long) from + query.limit());
    return matching.subList(from, (int) to);
  }

  /** Runs the query and asserts the exact ids, in order. */
  protected final List<FlowTrace> assertQuery(TraceQuery query, List<TraceId> expected, String situation) {
    List<FlowTrace> actual = storage().query(query);
    assertThat(ids(actual))
        .withFailMessage("Backend <%s>, %s: query %s expected trace ids %s (in this order), but received %s",
            backend(), situation, query, expected, ids(actual))
        .isEqualTo(expected);
    return actual;
  }

  /** Runs the query and asserts the same result as the reference semantics over {@code stored}. */
  protected final void assertQueryAgreesWithReference(Collection<FlowTrace> stored, TraceQuery query, String situation) {
    assertQuery(query, ids(reference(stored, query)), situation);
  }

  /** The stored trace with this id; fails naming the backend when it is absent. */
  protected final FlowTrace getPresent(TraceId id, String situation) {
    Optional<FlowTrace> got = storage().get(id);
    if (got.isEmpty()) {
      fail(String.format("Backend <%s>, %s: expected a trace for trace id <%s>, but get returned empty",
          backend(), situation, id));
    }
    return got.get();
  }

  protected final void assertAbsent(TraceId id, String situation) {
    Optional<FlowTrace> got = storage().get(id);
    assertThat(got)
        .withFailMessage("Backend <%s>, %s: expected no trace for trace id <%s>, but received <%s>",
            backend(), situation, id, got.map(TraceJson::write).orElse(""))
        .isEmpty();
  }

  /** Deep equality of the model records. */
  protected final void assertSameTrace(FlowTrace expected, FlowTrace actual, String situation) {
    if (!expected.equals(actual)) {
      fail(String.format("Backend <%s>, %s: the trace read back differs from the one stored.%n"
          + "expected: %s%nactual:   %s", backend(), situation, shorten(expected), shorten(actual)));
    }
  }

  /** Byte equality of the Reflow JSON of {@code actual} with {@code expectedJson}. */
  protected final void assertJson(String expectedJson, FlowTrace actual, String situation) {
    String actualJson = TraceJson.write(actual);
    if (!expectedJson.equals(actualJson)) {
      fail(String.format("Backend <%s>, %s: the JSON written for the trace read back is not byte-identical.%n"
          + "first difference at index %d%nexpected: %s%nactual:   %s", backend(), situation,
          firstDifference(expectedJson, actualJson), shorten(expectedJson), shorten(actualJson)));
    }
  }

  /** Deep equality and identical JSON bytes. */
  protected final void assertRoundtrip(FlowTrace stored, FlowTrace actual, String situation) {
    assertJson(TraceJson.write(stored), actual, situation);
    assertSameTrace(stored, actual, situation);
  }

  private static int firstDifference(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      if (a.charAt(i) != b.charAt(i)) {
        return i;
      }
    }
    return n;
  }

  private static String shorten(Object o) {
    String s = String.valueOf(o);
    return s.length() <= 4000 ? s : s.substring(0, 4000) + "… (" + s.length() + " chars)";
  }
}
