package dev.reflow.trace.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.StorageConnectionException;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Failures that waiting cannot cure fail the open at once, not after {@code acquire_timeout_secs}
 * (30 s by default) of silent retries.
 */
class PgFailFastTest {
  private static final double FAST_SECONDS = 10;

  private static double secondsToFail(StorageConfig config, String expectedInMessage) {
    long start = System.nanoTime();
    assertThatThrownBy(() -> new PostgresStorageProvider().create(config))
        .isInstanceOf(StorageConnectionException.class)
        .hasMessageContaining(expectedInMessage);
    return (System.nanoTime() - start) / 1e9;
  }

  @Test
  @DisplayName("an unknown database (3D000) fails at once with the default 30 s acquire timeout")
  void missingDatabase_failsAtOnce() {
    String url = PostgresTestServer.postgres().connectionUrl();
    String wrongDb = url.replaceFirst("/postgres(\\?|$)", "/no_such_db$1");
    Assumptions.assumeTrue(!wrongDb.equals(url), "the test server's URL does not name database postgres");
    double seconds = secondsToFail(StorageConfig.fromMap(Map.of("storage.postgres.connection_url", wrongDb)),
        "database \"no_such_db\" does not exist");
    assertThat(seconds).as("seconds to fail").isLessThan(FAST_SECONDS);
  }

  @Test
  @DisplayName("an unknown role (28000) fails at once with the default 30 s acquire timeout")
  void unknownRole_failsAtOnce() {
    String url = PostgresTestServer.postgres().connectionUrl();
    double seconds = secondsToFail(StorageConfig.fromMap(Map.of("storage.postgres.connection_url", url,
        "storage.postgres.user", "no_such_role")), "no_such_role");
    assertThat(seconds).as("seconds to fail").isLessThan(FAST_SECONDS);
  }
}
