package dev.reflow.trace.storage.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** The TCK's server gating: skip with a printed reason, or fail in strict mode. */
@DisplayName("TCK environment: skipping and strict mode")
class TckEnvironmentTest {
  @AfterEach
  void clearProperties() {
    System.clearProperty(TckEnvironment.STRICT_PROPERTY);
    System.clearProperty("reflow.test.memorytest.url");
  }

  @Test
  @DisplayName("abort skips with the standard message, credentials redacted")
  void abort_notStrict_throwsTestAbortedWithReason() {
    System.setProperty(TckEnvironment.STRICT_PROPERTY, "false");
    assertThatThrownBy(() -> TckEnvironment.abort("Connection refused: postgresql://bob:hunter2@db:5432/x"))
        .isInstanceOf(TestAbortedException.class)
        .hasMessage("Could not connect to storage, skipping: Connection refused: postgresql://bob:****@db:5432/x");
  }

  @Test
  @DisplayName("In strict mode abort fails instead of skipping")
  void abort_strict_failsTheTest() {
    System.setProperty(TckEnvironment.STRICT_PROPERTY, "true");
    assertThatThrownBy(() -> TckEnvironment.abort(new java.net.ConnectException("Connection refused")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("REFLOW_TCK_STRICT=true")
        .hasMessageContaining("Connection refused")
        .hasCauseInstanceOf(java.net.ConnectException.class);
  }

  @Test
  @DisplayName("urlFor reads REFLOW_TEST_<BACKEND>_URL (or its system property) and ignores blanks")
  void urlFor_readsVariableOrProperty() {
    assertThat(TckEnvironment.urlVariable("postgres")).isEqualTo("REFLOW_TEST_POSTGRES_URL");
    assertThat(TckEnvironment.urlFor("memorytest")).isEmpty();
    System.setProperty("reflow.test.memorytest.url", "  ");
    assertThat(TckEnvironment.urlFor("MEMORYTEST")).isEmpty();
    System.setProperty("reflow.test.memorytest.url", "mem://x");
    assertThat(TckEnvironment.urlFor("MEMORYTEST")).contains("mem://x");
  }
}
