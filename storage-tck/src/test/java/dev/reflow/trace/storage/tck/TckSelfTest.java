package dev.reflow.trace.storage.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflow.trace.json.TraceJson;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.TraceEvent;
import dev.reflow.trace.model.TraceEventData;
import dev.reflow.trace.model.TraceMetadata;
import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.TraceQuery;
import dev.reflow.trace.storage.TraceStorage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.engine.discovery.DiscoverySelectors;

/**
 * Runs the TCK against deliberately broken variants of {@link ReferenceStorage} and checks that
 * the TCK test aimed at each defect fails with an assertion (not an error), that the correct
 * reference passes every test, and that a shadowing {@code @Disabled} override skips just that
 * test. The TCK tests itself here, in its own module, as the Reactive Streams TCK does. The broken
 * variants are static nested classes, which Surefire does not run on its own.
 */
@DisplayName("TCK self-test: the contract catches broken backends")
class TckSelfTest {

  /** Outcomes of every TCK test method of one run, by method name, one per execution. */
  private static Map<String, List<String>> runAll(Class<?> tckClass) {
    return runAll(tckClass, null);
  }

  /** Runs one capability group only (an inherited nested class of {@code tckClass}), or all when null. */
  private static Map<String, List<String>> runAll(Class<?> tckClass, Class<?> group) {
    Map<String, List<String>> outcomes = new ConcurrentHashMap<>();
    TestExecutionListener listener = new TestExecutionListener() {
      @Override
      public void executionSkipped(TestIdentifier id, String reason) {
        method(id).ifPresent(m -> outcomes.computeIfAbsent(m, k -> new ArrayList<>()).add("SKIPPED"));
      }

      @Override
      public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (!id.isTest()) {
          return;
        }
        method(id).ifPresent(m -> {
          String outcome = switch (result.getStatus()) {
            case SUCCESSFUL -> "PASSED";
            case ABORTED -> "ABORTED";
            case FAILED -> result.getThrowable().orElseThrow() instanceof AssertionError
                ? "ASSERTION_FAILED" : "ERROR " + result.getThrowable().orElseThrow();
          };
          outcomes.computeIfAbsent(m, k -> new ArrayList<>()).add(outcome);
        });
      }
    };
    LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
        .selectors(group == null
            ? DiscoverySelectors.selectClass(tckClass)
            : DiscoverySelectors.selectNestedClass(List.of(tckClass), group))
        .build();
    LauncherFactory.create().execute(request, listener);
    return outcomes;
  }

  /** One outcome per method: the first that is not PASSED, else PASSED. */
  private static Map<String, String> run(Class<?> tckClass) {
    return run(tckClass, null);
  }

  private static Map<String, String> run(Class<?> tckClass, Class<?> group) {
    Map<String, String> worst = new java.util.HashMap<>();
    runAll(tckClass, group).forEach((m, list) -> worst.put(m, list.stream().filter(o -> !o.equals("PASSED")).findFirst().orElse("PASSED")));
    return worst;
  }

  private static Optional<String> method(TestIdentifier id) {
    return id.getSource().filter(MethodSource.class::isInstance).map(s -> ((MethodSource) s).getMethodName());
  }

  /** Runs one group of the TCK against a broken backend; each named test must fail with an assertion. */
  private static void assertCaught(Class<?> tckClass, Class<?> group, String... expectedFailures) {
    Map<String, String> outcomes = run(tckClass, group);
    assertThat(outcomes).as("TCK outcomes of %s in %s", tckClass.getSimpleName(), group.getSimpleName()).isNotEmpty();
    for (String test : expectedFailures) {
      assertThat(outcomes.get(test)).as("TCK test %s against %s", test, tckClass.getSimpleName())
          .isEqualTo("ASSERTION_FAILED");
    }
  }

  @Test
  @DisplayName("A case-insensitive actor filter (SQLite LIKE) is caught")
  void caseInsensitiveActorFilter_isCaught() {
    assertCaught(CaseInsensitiveActorFilterTck.class, TraceStorageTck.ActorFilter.class, "query_actorFilterDifferentCase_doesNotMatch");
  }

  @Test
  @DisplayName("Ordering trace ids with UUID.compareTo (signed) is caught")
  void signedTraceIdOrder_isCaught() {
    assertCaught(SignedOrderTck.class, TraceStorageTck.OrderingAndPaging.class, "query_equalStartTimes_traceIdAscendingUnsigned",
        "query_pageThrough250WithLimit7_eachReturnedOnceInOrder");
  }

  @Test
  @DisplayName("Comparing the time range at nanoseconds instead of microseconds is caught")
  void nanosecondTimeRange_isCaught() {
    assertCaught(NanosecondRangeTck.class, TraceStorageTck.TimeRange.class, "query_toEqualsStartTimeTruncatedToMicros_includesTrace",
        "query_fromLaterWithinSameMicrosecond_includesTrace");
  }

  @Test
  @DisplayName("A storeAll that stores element by element (not atomic) is caught")
  void nonAtomicStoreAll_isCaught() {
    assertCaught(NonAtomicStoreAllTck.class, TraceStorageTck.StoreAll.class, "storeAll_batchWithNullElement_failsAndStoresNothing");
  }

  @Test
  @DisplayName("A storeAll that checks every element first, then stores one by one, is caught by the concurrent reader")
  void validatedOneByOneStoreAll_isCaughtByConcurrentReader() {
    Map<String, String> outcomes = run(ValidatedOneByOneStoreAllTck.class, TraceStorageTck.StoreAll.class);
    assertThat(outcomes.get("storeAll_batchWithNullElement_failsAndStoresNothing"))
        .as("checking first defeats the null-element test, which is why the reader test exists").isEqualTo("PASSED");
    assertThat(outcomes.get("storeAll_concurrentReader_neverSeesPartOfBatch")).isEqualTo("ASSERTION_FAILED");
    assertThat(outcomes.get("storeAll_databaseRefusesOneTrace_storesNothingOfTheBatch"))
        .as("a batch the database refuses part-way, written trace by trace").isEqualTo("ASSERTION_FAILED");
  }

  @Test
  @DisplayName("A backend that keeps traces as Reflow JSON (write, then read back) passes every TCK test")
  void jsonStoringBackend_passesEverything() {
    Map<String, String> outcomes = run(JsonStoringTck.class);
    assertThat(outcomes).hasSizeGreaterThan(100);
    assertThat(outcomes).allSatisfy((test, outcome) -> assertThat(outcome).as(test).isEqualTo("PASSED"));
  }

  @Test
  @DisplayName("Sorting attribute and tag keys (as jsonb does) is caught")
  void sortedMapKeys_isCaught() {
    assertCaught(SortedMapsTck.class, TraceStorageTck.LargeAndUnusual.class, "store_unsortedAttributeAndTagOrder_isPreserved");
  }

  @Test
  @DisplayName("Keeping start_time only to microseconds in the document is caught")
  void startTimeTruncatedToMicros_isCaught() {
    assertCaught(MicrosOnlyTck.class, TraceStorageTck.Roundtrip.class, "store_minimalFixture_getReturnsEqualTrace", "store_minimalFixture_getWritesByteIdenticalJson");
  }

  @Test
  @DisplayName("An actor filter used as a regular expression (unescaped MongoDB $regex) is caught")
  void regexActorFilter_isCaught() {
    assertCaught(RegexActorFilterTck.class, TraceStorageTck.ActorFilter.class,
        "query_actorFilterWithSpecialCharacters_matchesLiterally");
  }

  @Test
  @DisplayName("An actor filter used as an unescaped, case-sensitive SQL LIKE pattern is caught")
  void likeActorFilter_isCaught() {
    assertCaught(LikeActorFilterTck.class, TraceStorageTck.ActorFilter.class,
        "query_actorFilterWithSpecialCharacters_matchesLiterally");
  }

  @Test
  @DisplayName("A shadowing nested class with an @Disabled override skips exactly that test")
  void disabledOverride_skipsOnlyThatTest() {
    Map<String, List<String>> outcomes = runAll(DeclaredDeviationTck.class);
    assertThat(outcomes.get("query_actorFilterDifferentCase_doesNotMatch"))
        .as("the overridden test runs once, skipped; the inherited group is shadowed").containsExactly("SKIPPED");
    assertThat(outcomes.get("query_actorFilterSubstring_matchesAnyPosition")).containsExactly("PASSED");
    assertThat(outcomes.get("query_unknownFlowId_returnsEmpty")).as("other groups still run").containsExactly("PASSED");
  }

  // ---- broken backends --------------------------------------------------------------------

  /** Forwards everything to the reference storage; subclasses break one thing. */
  abstract static class Delegating extends ForwardingTraceStorage {
    Delegating() {
      super(new ReferenceStorage());
    }

    /** The reference storage under this one. */
    ReferenceStorage reference() {
      return (ReferenceStorage) delegate();
    }

    /** Filters all traces with {@code keep}, sorts with {@code order}, then pages as the query says. */
    List<FlowTrace> filterAndPage(TraceQuery query, java.util.function.Predicate<FlowTrace> keep, Comparator<FlowTrace> order) {
      List<FlowTrace> all = delegate().query(TraceQuery.all()).stream().filter(keep).sorted(order).collect(Collectors.toList());
      int from = query.offset() == null ? 0 : Math.min(query.offset(), all.size());
      long to = query.limit() == null ? all.size() : Math.min(all.size(), (long) from + query.limit());
      return new ArrayList<>(all.subList(from, (int) to));
    }
  }

  abstract static class BrokenTck extends TraceStorageTck {
    @Override
    protected String providerName() {
      return ReferenceStorage.NAME;
    }

    /** The reference storage under the broken one refuses the id, as a database trigger would. */
    @Override
    protected boolean refuseInDatabase(dev.reflow.trace.model.TraceId traceId) {
      ((Delegating) storage()).reference().refuse(traceId);
      return true;
    }

    @Override
    protected StorageConfig storageConfig() {
      return StorageConfig.fromMap(Map.of("storage.backend", ReferenceStorage.NAME));
    }
  }

  static final class CaseInsensitiveActorFilter extends Delegating {
    @Override
    public List<FlowTrace> query(TraceQuery q) {
      if (q.actorFilter() == null) {
        return super.query(q);
      }
      TraceQuery rest = q.toBuilder().actorFilter(null).limit(null).offset(null).build();
      String needle = q.actorFilter().toLowerCase(Locale.ROOT);
      return filterAndPage(q, t -> rest.matches(t)
          && t.events().stream().anyMatch(e -> e.actorId().toLowerCase(Locale.ROOT).contains(needle)), TraceQuery.ORDER);
    }
  }

  static class CaseInsensitiveActorFilterTck extends BrokenTck {
    @Override
    protected TraceStorage createStorage() {
      return new CaseInsensitiveActorFilter();
    }
  }

  static final class SignedOrder extends Delegating {
    @Override
    public List<FlowTrace> query(TraceQuery q) {
      Comparator<FlowTrace> signed = Comparator.comparingLong((FlowTrace t) -> t.startTime().epochMicros()).reversed()
          .thenComparing(t -> t.traceId().value());
      return filterAndPage(q, q::matches, signed);
    }
  }

  static class SignedOrderTck extends BrokenTck {
    @Override
    protected TraceStorage createStorage() {
      return new SignedOrder();
    }
  }

  static final class NanosecondRange extends Delegating {
    @Override
    public List<FlowTrace> query(TraceQuery q) {
      TraceQuery rest = q.toBuilder().timeRange(null, null).limit(null).offset(null).build();
      return filterAndPage(q, t -> rest.matches(t)
          && (q.from() == null || !t.startTime().toInstant().isBefore(q.from()))
          && (q.to() == null || !t.startTime().toInstant().isAfter(q.to())), TraceQuery.ORDER);
    }
  }

  static class NanosecondRangeTck extends BrokenTck {
    @Override
    protected TraceStorage createStorage() {
      return new NanosecondRange();
    }
  }

  static final class NonAtomicStoreAll extends Delegating {
    @Override
    public void storeAll(Collection<FlowTrace> traces) {
      for (FlowTrace t : traces) {
        delegate().store(t);
      }
    }
  }

  static class NonAtomicStoreAllTck extends BrokenTck {
    @Override
    protected TraceStorage createStorage() {
      return new NonAtomicStoreAll();
    }
  }

  /**
   * Rejects a batch with a null element before writing anything, then stores the traces one at a
   * time, each a separate write with a round trip's pause, as a naive database backend would.
   */
  static final class ValidatedOneByOneStoreAll extends Delegating {
    @Override
    public void storeAll(Collection<FlowTrace> traces) {
      int i = 0;
      for (FlowTrace t : traces) {
        java.util.Objects.requireNonNull(t, "traces[" + i++ + "]");
      }
      for (FlowTrace t : traces) {
        delegate().store(t);
        java.util.concurrent.locks.LockSupport.parkNanos(20_000);
      }
    }
  }

  static class ValidatedOneByOneStoreAllTck extends BrokenTck {
    @Override
    protected TraceStorage createStorage() {
      return new ValidatedOneByOneStoreAll();
    }
  }

  /** Stores what the JSON round trip gives back, as a document store would. */
  static class JsonStoring extends Delegating {
    static FlowTrace viaJson(FlowTrace t) {
      return TraceJson.read(TraceJson.writeBytes(t));
    }

    @Override
    public void store(FlowTrace trace) {
      delegate().store(viaJson(trace));
    }

    @Override
    public void storeAll(Collection<FlowTrace> traces) {
      delegate().storeAll(traces.stream().map(t -> t == null ? null : viaJson(t)).collect(Collectors.toList()));
    }
  }

  static class JsonStoringTck extends BrokenTck {
    @Override
    protected TraceStorage createStorage() {
      return new JsonStoring();
    }
  }

  static final class SortedMaps extends JsonStoring {
    @Override
    public void store(FlowTrace t) {
      TraceMetadata m = t.metadata();
      TraceMetadata sorted = new TraceMetadata(m.userId(), m.sessionId(), m.environment(), m.hostname(), m.processId(),
          m.threadId(), new TreeMap<>(m.tags()));
      List<TraceEvent> events = t.events().stream().map(e -> new TraceEvent(e.eventId(), e.timestamp(), e.eventType(),
          e.actorId(), new TraceEventData(e.data().port(), e.data().message(), e.data().stateDiff(), e.data().error(),
              e.data().performanceMetrics(), new TreeMap<>(e.data().customAttributes())), e.causality()))
          .collect(Collectors.toList());
      super.store(new FlowTrace(t.traceId(), t.flowId(), t.executionId(), t.version(), t.startTime(), t.endTime(),
          t.status(), events, sorted));
    }
  }

  static class SortedMapsTck extends BrokenTck {
    @Override
    protected TraceStorage createStorage() {
      return new SortedMaps();
    }
  }

  static final class MicrosOnly extends JsonStoring {
    @Override
    public void store(FlowTrace t) {
      super.store(t.withStartTime(t.startTime().truncatedToMicros()));
    }
  }

  static class MicrosOnlyTck extends BrokenTck {
    @Override
    protected TraceStorage createStorage() {
      return new MicrosOnly();
    }
  }

  /** Matches actor ids with {@code pattern}; an invalid pattern matches nothing, as a failed database call would. */
  abstract static class PatternActorFilter extends Delegating {
    abstract java.util.regex.Pattern pattern(String filter);

    @Override
    public List<FlowTrace> query(TraceQuery q) {
      if (q.actorFilter() == null) {
        return super.query(q);
      }
      TraceQuery rest = q.toBuilder().actorFilter(null).limit(null).offset(null).build();
      java.util.regex.Pattern p;
      try {
        p = pattern(q.actorFilter());
      } catch (java.util.regex.PatternSyntaxException e) {
        return new ArrayList<>();
      }
      return filterAndPage(q, t -> rest.matches(t)
          && t.events().stream().anyMatch(e -> p.matcher(e.actorId()).find()), TraceQuery.ORDER);
    }
  }

  static final class RegexActorFilter extends PatternActorFilter {
    @Override
    java.util.regex.Pattern pattern(String filter) {
      return java.util.regex.Pattern.compile(filter);
    }
  }

  static class RegexActorFilterTck extends BrokenTck {
    @Override
    protected TraceStorage createStorage() {
      return new RegexActorFilter();
    }
  }

  /** LIKE '%' || filter || '%' without ESCAPE handling: % and _ are wildcards. */
  static final class LikeActorFilter extends PatternActorFilter {
    @Override
    java.util.regex.Pattern pattern(String filter) {
      StringBuilder re = new StringBuilder();
      for (char c : filter.toCharArray()) {
        re.append(c == '%' ? ".*" : c == '_' ? "." : java.util.regex.Pattern.quote(String.valueOf(c)));
      }
      return java.util.regex.Pattern.compile(re.toString(), java.util.regex.Pattern.DOTALL);
    }
  }

  static class LikeActorFilterTck extends BrokenTck {
    @Override
    protected TraceStorage createStorage() {
      return new LikeActorFilter();
    }
  }

  /** The case-insensitive backend, declaring its deviation the documented way. */
  static class DeclaredDeviationTck extends CaseInsensitiveActorFilterTck {
    @Nested
    class ActorFilter extends TraceStorageTck.ActorFilter {
      @Override
      @Test
      @Disabled("this backend's actor filter ignores ASCII case")
      public void query_actorFilterDifferentCase_doesNotMatch() {}
    }
  }

}
