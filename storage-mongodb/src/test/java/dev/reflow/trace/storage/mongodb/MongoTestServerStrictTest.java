package dev.reflow.trace.storage.mongodb;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.reflow.trace.storage.tck.TckEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

/** Strict mode means a real MongoDB or a failure, as for the other backends. */
@DisplayName("MongoDB tests: strict mode refuses the in-process fallback")
class MongoTestServerStrictTest {
  @AfterEach
  void clearStrict() {
    System.clearProperty(TckEnvironment.STRICT_PROPERTY);
  }

  @Test
  @DisplayName("With REFLOW_TCK_STRICT=true and no real server, choosing a server fails instead of using mongo-java-server")
  void strict_noRealServer_failsInsteadOfFallingBack() {
    assumeTrue(TckEnvironment.urlFor("mongodb").isEmpty(), MongoTestServer.URL_VARIABLE + " is set: a real server is there");
    assumeTrue(!dockerAvailable(), "a Docker daemon answers: a real server would be started");
    System.setProperty(TckEnvironment.STRICT_PROPERTY, "true");
    assertThatThrownBy(MongoTestServer::start)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("REFLOW_TCK_STRICT=true")
        .hasMessageContaining("not the in-process mongo-java-server");
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }
}
