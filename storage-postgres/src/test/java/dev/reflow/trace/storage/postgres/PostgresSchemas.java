package dev.reflow.trace.storage.postgres;

import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.spi.TraceStorageProvider;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Opens storages on fresh schemas of one test server and cleans up after a test: closes the
 * storages and drops their schemas. One instance per test class instance.
 */
public final class PostgresSchemas {
  private final PostgresTestServer server;
  private final TraceStorageProvider provider;
  private final String section;
  private final List<TraceStorage> opened = new ArrayList<>();
  private final List<String> schemas = new ArrayList<>();
  private String lastSchema;

  public PostgresSchemas(PostgresTestServer server, TraceStorageProvider provider, String section) {
    this.server = server;
    this.provider = provider;
    this.section = section;
  }

  public PostgresTestServer server() {
    return server;
  }

  /** The configuration of a new schema: small pool, the server's URL, plus {@code extra} short keys. */
  public StorageConfig newConfig(Map<String, ?> extra) {
    lastSchema = server.newSchema();
    schemas.add(lastSchema);
    Map<String, Object> keys = new TreeMap<>();
    keys.put("storage.backend", provider.name());
    keys.put("storage." + section + ".connection_url", server.connectionUrl());
    keys.put("storage." + section + ".schema", lastSchema);
    keys.put("storage." + section + ".max_connections", 4);
    keys.put("storage." + section + ".min_connections", 0);
    extra.forEach((k, v) -> keys.put("storage." + section + "." + k, v));
    return StorageConfig.fromMap(keys);
  }

  /** A new, empty storage on a new schema. */
  public TraceStorage open(Map<String, ?> extra) {
    return open(newConfig(extra));
  }

  public TraceStorage open() {
    return open(Map.of());
  }

  /** A storage for a configuration; closed by {@link #cleanUp()}. */
  public TraceStorage open(StorageConfig config) {
    TraceStorage storage = provider.create(config);
    opened.add(storage);
    return storage;
  }

  /**
   * Makes the server refuse to insert or update the trace with this id in {@code schema}'s traces
   * table: a trigger that raises, for the TCK's {@code refuseInDatabase} hook.
   */
  public void refuseInDatabase(String schema, java.util.UUID traceId) {
    String q = "\"" + schema.replace("\"", "\"\"") + "\"";
    try (Connection c = server.connect(); var st = c.createStatement()) {
      st.execute("CREATE FUNCTION " + q + ".tck_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
          + "IF NEW.trace_id = '" + traceId + "'::uuid THEN RAISE EXCEPTION 'trace % refused by the TCK', NEW.trace_id; "
          + "END IF; RETURN NEW; END $$");
      st.execute("CREATE TRIGGER tck_refuse BEFORE INSERT OR UPDATE ON " + q + ".traces FOR EACH ROW EXECUTE FUNCTION "
          + q + ".tck_refuse()");
    } catch (SQLException e) {
      throw new IllegalStateException("could not create the TCK's refusing trigger in " + schema, e);
    }
  }

  /** The schema of the last configuration made. */
  public String lastSchema() {
    return lastSchema;
  }

  /** The columns of the traces table in the {@link #lastSchema() last schema}. */
  public List<String> tracesColumns() throws SQLException {
    try (Connection c = server.connect();
        PreparedStatement ps = c.prepareStatement("SELECT column_name FROM information_schema.columns "
            + "WHERE table_schema = ? AND table_name = 'traces'")) {
      ps.setString(1, lastSchema);
      List<String> names = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          names.add(rs.getString(1));
        }
      }
      return names;
    }
  }

  /** Closes every storage opened here and drops every schema made here. */
  public void cleanUp() {
    for (TraceStorage s : opened) {
      s.close();
    }
    opened.clear();
    for (String schema : schemas) {
      server.dropSchema(schema);
    }
    schemas.clear();
  }
}
