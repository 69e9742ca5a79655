package dev.reflow.trace.storage.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.TraceStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs the whole TCK on {@link ReferenceStorage}, which must pass every test, and checks that
 * {@code docs/tck.md} gives the counts that run produced and a table row for every capability
 * group: numbers that change with the code are checked here rather than trusted.
 */
@DisplayName("TCK: the reference storage passes everything, and docs/tck.md counts what runs")
class TckDocsTest {
  private static final Path TCK_DOC = Path.of("..", "docs", "tck.md");

  /** The TCK on the reference storage; a static nested class, so Surefire does not run it on its own. */
  static class ReferenceTck extends TraceStorageTck {
    @Override
    protected TraceStorage createStorage() {
      return new ReferenceStorage();
    }

    @Override
    protected String providerName() {
      return ReferenceStorage.NAME;
    }

    @Override
    protected StorageConfig storageConfig() {
      return StorageConfig.fromMap(Map.of("storage.backend", ReferenceStorage.NAME));
    }

    @Override
    protected boolean refuseInDatabase(dev.reflow.trace.model.TraceId traceId) {
      ((ReferenceStorage) storage()).refuse(traceId);
      return true;
    }
  }

  private record Execution(String testClass, String method, String outcome) {}

  private static List<Execution> executions;

  @BeforeAll
  static void runTheTck() {
    List<Execution> found = new ArrayList<>();
    TestExecutionListener listener = new TestExecutionListener() {
      @Override
      public void executionSkipped(TestIdentifier id, String reason) {
        record(id, "SKIPPED: " + reason);
      }

      @Override
      public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (id.isTest()) {
          record(id, result.getStatus() + result.getThrowable().map(t -> ": " + t).orElse(""));
        }
      }

      private void record(TestIdentifier id, String outcome) {
        id.getSource().filter(MethodSource.class::isInstance).map(MethodSource.class::cast).ifPresent(m -> {
          synchronized (found) {
            found.add(new Execution(m.getClassName(), m.getMethodName() + "(" + m.getMethodParameterTypes() + ")", outcome));
          }
        });
      }
    };
    LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
        .selectors(DiscoverySelectors.selectClass(ReferenceTck.class)).build(), listener);
    executions = List.copyOf(found);
  }

  /** The capability groups: the {@code @Nested} classes of {@link TraceStorageTck}. */
  private static Set<String> groups() {
    return Arrays.stream(TraceStorageTck.class.getDeclaredClasses())
        .filter(c -> c.isAnnotationPresent(Nested.class))
        .map(Class::getSimpleName)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** The document with every run of whitespace made one space, so a sentence may wrap anywhere. */
  private static String doc() throws IOException {
    return Files.readString(TCK_DOC).replaceAll("\\s+", " ");
  }

  @Test
  @DisplayName("Every TCK test passes on the reference storage")
  void referenceStorage_passesEveryTest() {
    assertThat(executions).hasSizeGreaterThan(100);
    assertThat(executions).allSatisfy(e -> assertThat(e.outcome()).as("%s.%s", e.testClass(), e.method())
        .isEqualTo("SUCCESSFUL"));
  }

  @Test
  @DisplayName("docs/tck.md states how many test methods, executions and groups the TCK has")
  void tckDoc_statesTheCounts() throws IOException {
    long methods = executions.stream().map(e -> e.testClass() + "#" + e.method()).distinct().count();
    long groupsRun = executions.stream().map(Execution::testClass).distinct().count();
    assertThat(groupsRun).as("groups that ran tests").isEqualTo(groups().size());
    String expected = methods + " test methods (" + executions.size() + " test executions per backend, counting the "
        + "parameterized cases) in " + groups().size() + " capability groups";
    Matcher stated = Pattern.compile("\\d+ test methods \\(\\d+ test executions per backend, counting the "
        + "parameterized cases\\) in \\d+ capability groups").matcher(doc());
    assertThat(stated.find()).as("docs/tck.md has the sentence \"%s\"", expected).isTrue();
    assertThat(stated.group()).as("the counts in docs/tck.md").isEqualTo(expected);
  }

  @Test
  @DisplayName("docs/tck.md's table has one row for each capability group, and no other")
  void tckDoc_tableHasEveryGroup() throws IOException {
    Set<String> rows = new TreeSet<>();
    Matcher row = Pattern.compile("(?m)^\\| `(\\w+)` \\|").matcher(Files.readString(TCK_DOC));
    while (row.find()) {
      rows.add(row.group(1));
    }
    assertThat(rows).isEqualTo(groups());
  }
}
