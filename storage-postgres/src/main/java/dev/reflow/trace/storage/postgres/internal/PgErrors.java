package dev.reflow.trace.storage.postgres.internal;

import dev.reflow.trace.storage.Redaction;
import dev.reflow.trace.storage.StorageConnectionException;
import dev.reflow.trace.storage.TraceQueryException;
import dev.reflow.trace.storage.TraceStorageException;
import dev.reflow.trace.storage.TraceWriteException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Turns driver, pool and Jdbi exceptions into this library's exceptions. A lost or refused
 * connection becomes {@link StorageConnectionException} whatever the call was, so callers can
 * retry; other failures become {@link TraceWriteException} or {@link TraceQueryException}. The
 * cause is kept; messages are redacted.
 */
public final class PgErrors {
  private PgErrors() {}

  /** What kind of call failed. */
  public enum Operation {
    READ,
    WRITE
  }

  /**
   * The exception to throw for a failure of {@code what} (e.g. {@code "store trace 1b4e…"}).
   * Exceptions of this library pass through unchanged.
   */
  public static TraceStorageException translate(String backend, String what, Operation op, RuntimeException e) {
    if (e instanceof TraceStorageException tse) {
      return tse;
    }
    String detail = Redaction.redact(rootMessage(e));
    if (isConnectionFailure(e)) {
      return new StorageConnectionException(backend + ": lost or could not get a database connection during "
          + what + ": " + detail, e);
    }
    String message = backend + ": " + what + " failed: " + detail;
    return op == Operation.WRITE ? new TraceWriteException(message, e) : new TraceQueryException(message, e);
  }

  /**
   * Whether the failure is about the connection rather than the statement: SQL state class 08
   * (connection exception), 57P01–57P03 (server shutting down or starting), 53300 (too many
   * connections), or the pool timing out while waiting for a connection.
   */
  public static boolean isConnectionFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientConnectionException) {
        return true;
      }
      if (t instanceof SQLException sql) {
        String state = sql.getSQLState();
        if (state != null && (state.startsWith("08") || state.startsWith("57P") || state.equals("53300"))) {
          return true;
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  private static final int MAX_MESSAGE = 400;

  /**
   * {@link #rootMessage} on one line: the server's first two lines (error and hint), for log
   * lines that must stay single.
   */
  public static String oneLine(Throwable e) {
    return rootMessage(e).lines().map(String::strip).filter(l -> !l.isEmpty()).limit(2)
        .collect(java.util.stream.Collectors.joining(" "));
  }

  /**
   * The most specific message in the cause chain, e.g. the server's error text. For a failed
   * batch it is the server's error, not the driver's summary, which quotes the whole statement
   * with its values (trace documents included). Capped in length.
   */
  public static String rootMessage(Throwable e) {
    String message = e.getMessage();
    for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
      if (t.getMessage() != null) {
        message = t.getMessage();
      }
      if (t instanceof SQLException sql) {
        SQLException next = sql.getNextException();
        if (sql instanceof BatchUpdateException && next != null && next.getMessage() != null) {
          message = next.getMessage();
        }
        break;
      }
    }
    if (message == null) {
      return e.getClass().getSimpleName();
    }
    return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE) + "…";
  }
}
