package dev.reflow.trace.storage.sqlite.internal;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Brings the schema to the newest version with Flyway's versioned migrations in
 * {@code db/migration/sqlite}. Flyway runs on the writer connection, under the write lock: for
 * {@code :memory:} there is no other connection to the same database, and for a file it keeps
 * two processes opening the same new file from racing each other's {@code CREATE TABLE}.
 */
public final class SchemaMigrator {
  public static final String LOCATION = "classpath:db/migration/sqlite";

  /** Flyway's own table: its presence is what makes a database one that Flyway manages. */
  static final String HISTORY_TABLE = "flyway_schema_history";
  /** The table every version of this schema has. */
  private static final String TRACES_TABLE = "traces";
  private static final int NAMES_SHOWN = 5;

  private SchemaMigrator() {}

  /**
   * Why this database is not a trace database, or empty when it is one or is still empty.
   * Another application's database has objects and either no Flyway history (Flyway would only
   * offer to "baseline" it, which would put our tables beside theirs) or a history of its own
   * without our {@code traces} table. Reads only, so the file is left as it was.
   */
  static Optional<String> foreignContent(Connection connection) throws SQLException {
    List<String> objects = new ArrayList<>();
    try (var st = connection.createStatement();
        var rs = st.executeQuery("SELECT name FROM sqlite_schema WHERE type IN ('table', 'view') "
            + "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")) {
      while (rs.next()) {
        objects.add(rs.getString(1));
      }
    }
    if (objects.isEmpty()) {
      return Optional.empty();
    }
    if (!objects.contains(HISTORY_TABLE)) {
      return Optional.of("it holds " + describe(objects) + " and no " + HISTORY_TABLE + " table");
    }
    if (objects.contains(TRACES_TABLE)) {
      return Optional.empty();
    }
    // Our own first migration commits its history row together with the tables, so a history
    // with rows but no traces table was written by another application's Flyway.
    try (var st = connection.createStatement();
        var rs = st.executeQuery("SELECT count(*) FROM " + HISTORY_TABLE)) {
      rs.next();
      if (rs.getLong(1) == 0) {
        return Optional.empty();
      }
    }
    objects.remove(HISTORY_TABLE);
    return Optional.of("its " + HISTORY_TABLE + " belongs to another application (no " + TRACES_TABLE
        + " table" + (objects.isEmpty() ? "" : "; it holds " + describe(objects)) + ")");
  }

  private static String describe(List<String> names) {
    String shown = String.join(", ", names.subList(0, Math.min(NAMES_SHOWN, names.size())));
    int more = names.size() - NAMES_SHOWN;
    return (names.size() == 1 ? "the table " : "the tables ") + shown + (more > 0 ? " and " + more + " more" : "");
  }

  /** Applies pending migrations; returns the schema version now in place. */
  public static String migrate(SqliteConnections connections) {
    return connections.withWriter((jdbi, writer) -> {
      Flyway flyway = Flyway.configure(SchemaMigrator.class.getClassLoader())
          .dataSource(new SingleConnectionDataSource(writer))
          .locations(LOCATION)
          .load();
      flyway.migrate();
      var current = flyway.info().current();
      return current == null ? "none" : current.getVersion().getVersion();
    });
  }

  /**
   * The schema version in place, for a database opened read-only: nothing is migrated, so a
   * file without this library's schema, or with an older one, is refused with what to do.
   */
  public static String current(SqliteConnections connections) {
    return connections.withWriter((jdbi, connection) -> {
      Flyway flyway = Flyway.configure(SchemaMigrator.class.getClassLoader())
          .dataSource(new SingleConnectionDataSource(connection))
          .locations(LOCATION)
          .load();
      var info = flyway.info();
      if (info.current() == null) {
        throw new dev.reflow.trace.storage.StorageConfigurationException(connections.databasePath()
            + " holds no reflow-trace schema; a read-only command does not create one");
      }
      if (info.pending().length > 0) {
        throw new dev.reflow.trace.storage.StorageConfigurationException(connections.databasePath()
            + " has schema version " + info.current().getVersion().getVersion()
            + ", older than this version's; run a writing command (import) once to migrate it");
      }
      return info.current().getVersion().getVersion();
    });
  }

  /** Hands Flyway the writer, with {@code close()} made harmless: the storage owns the connection. */
  private static final class SingleConnectionDataSource implements DataSource {
    private final Connection connection;

    SingleConnectionDataSource(Connection target) {
      InvocationHandler handler = (proxy, method, args) -> {
        if (method.getName().equals("close") && method.getParameterCount() == 0) {
          return null;
        }
        try {
          return method.invoke(target, args);
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
      };
      this.connection = (Connection) Proxy.newProxyInstance(
          SchemaMigrator.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
    }

    @Override
    public Connection getConnection() {
      return connection;
    }

    @Override
    public Connection getConnection(String username, String password) {
      return connection;
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
      // not used
    }

    @Override
    public void setLoginTimeout(int seconds) {
      // not used
    }

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws java.sql.SQLException {
      if (iface.isInstance(connection)) {
        return iface.cast(connection);
      }
      throw new java.sql.SQLException("not a wrapper for " + iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }
}
