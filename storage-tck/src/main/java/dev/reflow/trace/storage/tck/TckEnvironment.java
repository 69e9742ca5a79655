package dev.reflow.trace.storage.tck;

import dev.reflow.trace.storage.Redaction;
import java.util.Locale;
import java.util.Optional;
import org.opentest4j.TestAbortedException;

/**
 * Gates tests that need a database server. A backend test reads its server URL with
 * {@link #urlFor(String)} (environment variable {@code REFLOW_TEST_<BACKEND>_URL}) and, when the
 * server cannot be reached, calls {@link #abort(String)}: the test is skipped with a printed
 * reason, or fails when strict mode ({@code REFLOW_TCK_STRICT=true}) is on, so that CI cannot pass
 * by skipping.
 */
public final class TckEnvironment {
  /** Environment variable that turns skips into failures. */
  public static final String STRICT_VARIABLE = "REFLOW_TCK_STRICT";
  /** System property with the same meaning, which wins over the environment variable. */
  public static final String STRICT_PROPERTY = "reflow.tck.strict";

  private TckEnvironment() {}

  /** The environment variable holding a backend's test URL: {@code REFLOW_TEST_POSTGRES_URL}. */
  public static String urlVariable(String backend) {
    return "REFLOW_TEST_" + backend.trim().toUpperCase(Locale.ROOT) + "_URL";
  }

  /**
   * The test server URL for a backend, from {@code REFLOW_TEST_<BACKEND>_URL} (or the system
   * property {@code reflow.test.<backend>.url}, which wins), if set and not blank.
   */
  public static Optional<String> urlFor(String backend) {
    String property = System.getProperty("reflow.test." + backend.trim().toLowerCase(Locale.ROOT) + ".url");
    String value = property != null ? property : System.getenv(urlVariable(backend));
    return Optional.ofNullable(value).map(String::trim).filter(s -> !s.isEmpty());
  }

  /** Whether skips are failures: {@code REFLOW_TCK_STRICT=true} or {@code -Dreflow.tck.strict=true}. */
  public static boolean strict() {
    String property = System.getProperty(STRICT_PROPERTY);
    String value = property != null ? property : System.getenv(STRICT_VARIABLE);
    return value != null && value.trim().equalsIgnoreCase("true");
  }

  /**
   * Skips the running test because the storage cannot be reached: prints
   * {@code Could not connect to storage, skipping: <cause>} and throws
   * {@link TestAbortedException}. In strict mode it throws an {@link AssertionError} instead.
   * Credentials in the cause are redacted. It never returns normally; the return type lets callers
   * write {@code throw TckEnvironment.abort(...)}.
   */
  public static TestAbortedException abort(String cause) {
    String safe = Redaction.redact(cause);
    if (strict()) {
      String message = "Could not connect to storage and " + STRICT_VARIABLE + "=true, failing: " + safe;
      System.err.println(message);
      throw new AssertionError(message);
    }
    String message = "Could not connect to storage, skipping: " + safe;
    System.err.println(message);
    throw new TestAbortedException(message);
  }

  /** {@link #abort(String)} with the exception that says why; the exception is kept as the cause. */
  public static TestAbortedException abort(Throwable cause) {
    String text = cause.getClass().getSimpleName() + ": " + cause.getMessage();
    try {
      return abort(text);
    } catch (TestAbortedException | AssertionError e) {
      e.initCause(cause);
      throw e;
    }
  }
}
