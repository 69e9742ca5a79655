package dev.reflow.trace.storage.sqlite.internal;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLFeatureNotSupportedException;
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

  private SchemaMigrator() {}

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
