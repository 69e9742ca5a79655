package dev.reflow.trace.storage.postgres.internal;

import java.sql.Types;
import java.time.OffsetDateTime;
import org.jdbi.v3.core.argument.Argument;

/** Small SQL helpers: identifier quoting and driver-native argument binding. */
public final class PgSql {
  private PgSql() {}

  /**
   * A quoted identifier. Only configuration-validated names (schema, table) reach SQL text this
   * way; values are always bound.
   */
  public static String ident(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  /**
   * Binds a {@code timestamptz} through the driver's own {@link OffsetDateTime} support, which
   * keeps microseconds and handles BC years (Jdbi's default goes through java.sql.Timestamp).
   */
  public static Argument timestamptz(OffsetDateTime value) {
    return (position, statement, ctx) -> {
      if (value == null) {
        statement.setNull(position, Types.TIMESTAMP_WITH_TIMEZONE);
      } else {
        statement.setObject(position, value);
      }
    };
  }
}
