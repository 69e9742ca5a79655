package dev.reflow.trace.storage.postgres;

import dev.reflow.trace.storage.tck.TckEnvironment;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Assumptions;

/**
 * The Citus coordinator the Citus suites run against ({@code REFLOW_TEST_CITUS_URL}), checked once
 * per JVM: it answers, has the citus extension and at least one active worker. Not set: the suites
 * skip, printing why. Set but unusable: they skip through {@link TckEnvironment#abort}, which fails
 * instead in strict mode ({@code REFLOW_TCK_STRICT=true}).
 */
final class CitusCluster {
  private static PostgresTestServer server;
  private static String unusable;

  private CitusCluster() {}

  /** The checked coordinator, or the test (class) is skipped or failed with the reason printed. */
  static synchronized PostgresTestServer require() {
    var configured = PostgresTestServer.citus();
    if (configured.isEmpty()) {
      String reason = PostgresTestServer.CITUS_VARIABLE + " is not set: the Citus suites need a Citus coordinator "
          + "URL (see docs/storage/citus.md), skipped";
      System.out.println("[skip] " + reason);
      Assumptions.abort(reason);
    }
    if (server == null && unusable == null) {
      PostgresTestServer candidate = configured.get();
      try (Connection c = candidate.connect(); Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT (SELECT extversion FROM pg_extension WHERE extname = 'citus'), "
              + "(SELECT count(*) FROM pg_dist_node WHERE isactive AND noderole = 'primary' AND groupid <> 0)")) {
        rs.next();
        if (rs.getString(1) == null) {
          unusable = candidate + " has no citus extension";
        } else if (rs.getLong(2) == 0) {
          unusable = candidate + " has no active Citus worker (citus_add_node)";
        } else {
          server = candidate;
          System.out.println("[test server] Citus " + rs.getString(1) + " coordinator with " + rs.getLong(2)
              + " workers: " + candidate);
        }
      } catch (SQLException e) {
        // pg_dist_node is missing when the extension is: say which of the two it is
        unusable = candidate + ": " + e.getMessage();
      }
    }
    if (server == null) {
      throw TckEnvironment.abort(unusable);
    }
    return server;
  }
}
