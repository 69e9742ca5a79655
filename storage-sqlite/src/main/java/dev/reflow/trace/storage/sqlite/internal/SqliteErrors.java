package dev.reflow.trace.storage.sqlite.internal;

import dev.reflow.trace.storage.StorageConnectionException;
import dev.reflow.trace.storage.TraceQueryException;
import dev.reflow.trace.storage.TraceStorageException;
import dev.reflow.trace.storage.TraceWriteException;
import java.sql.SQLException;

/**
 * Turns driver failures into the library's exceptions. The message names the operation (and so
 * the trace id) and the database file, then explains the SQLite result code in words a user can
 * act on; the driver exception stays the cause.
 */
public final class SqliteErrors {
  /** Primary SQLite result codes (the low byte of an extended code). */
  private static final int SQLITE_BUSY = 5;
  private static final int SQLITE_LOCKED = 6;
  private static final int SQLITE_READONLY = 8;
  private static final int SQLITE_IOERR = 10;
  private static final int SQLITE_CORRUPT = 11;
  private static final int SQLITE_FULL = 13;
  private static final int SQLITE_CANTOPEN = 14;
  private static final int SQLITE_NOTADB = 26;
  /** Extended I/O codes of the WAL's shared-memory file (-shm): open, grow, map. */
  private static final int SQLITE_IOERR_SHMOPEN = SQLITE_IOERR | (18 << 8);
  private static final int SQLITE_IOERR_SHMSIZE = SQLITE_IOERR | (19 << 8);
  private static final int SQLITE_IOERR_SHMMAP = SQLITE_IOERR | (21 << 8);

  private final String databasePath;
  private final String busyTimeoutKey;
  private final int busyTimeoutMs;

  public SqliteErrors(String databasePath, String busyTimeoutKey, int busyTimeoutMs) {
    this.databasePath = databasePath;
    this.busyTimeoutKey = busyTimeoutKey;
    this.busyTimeoutMs = busyTimeoutMs;
  }

  /** What a failed write becomes; {@code operation} reads like "Could not store trace <id>". */
  public TraceStorageException write(String operation, Throwable failure) {
    return translate(operation, failure, Kind.WRITE);
  }

  /** What a failed read becomes. */
  public TraceStorageException query(String operation, Throwable failure) {
    return translate(operation, failure, Kind.QUERY);
  }

  /** What a failure to open or prepare the database becomes. */
  public TraceStorageException connection(String operation, Throwable failure) {
    return translate(operation, failure, Kind.CONNECTION);
  }

  /** What a failure to open the database file becomes: "Could not open SQLite database <path>: …". */
  public TraceStorageException open(Throwable failure) {
    return translate("Could not open SQLite database", failure, Kind.OPEN);
  }

  /**
   * The file is a SQLite database of something else: refused with the reason, before anything is
   * written to it.
   */
  public StorageConnectionException notTraceDatabase(String reason) {
    return new StorageConnectionException("Could not open SQLite database " + databasePath
        + ": the file is not a reflow-trace database: " + reason + ". It was left unchanged. Point "
        + "storage.sqlite.database_path at a new file or an existing trace database.");
  }

  private enum Kind { WRITE, QUERY, CONNECTION, OPEN }

  private TraceStorageException translate(String operation, Throwable failure, Kind kind) {
    if (failure instanceof TraceStorageException t) {
      return t;
    }
    SQLException sql = findSqlException(failure);
    // sqlite-jdbc's getErrorCode() is the primary code; its result code keeps the extended one.
    int extended = sql instanceof org.sqlite.SQLiteException se ? se.getResultCode().code
        : sql == null ? -1 : sql.getErrorCode();
    int code = sql == null ? -1 : extended & 0xFF;
    String detail = sql == null ? String.valueOf(failure.getMessage()) : sql.getMessage();
    String message = (kind == Kind.OPEN ? operation + " " + databasePath : operation + " (" + databasePath + ")")
        + ": " + (isSharedMemoryFailure(extended) ? "could not create or grow the WAL's shared-memory file "
        + databasePath + "-shm (" + detail + "). The disk is probably full; free some space (or check that the "
        + "folder is writable) and retry." : explain(code, detail));
    // A file that cannot be opened or is not a database is a connection problem whatever the call.
    if (code == SQLITE_CANTOPEN || code == SQLITE_NOTADB || code == SQLITE_CORRUPT || kind == Kind.CONNECTION
        || kind == Kind.OPEN) {
      return new StorageConnectionException(message, failure);
    }
    return kind == Kind.WRITE ? new TraceWriteException(message, failure) : new TraceQueryException(message, failure);
  }

  private static boolean isSharedMemoryFailure(int extendedCode) {
    return extendedCode == SQLITE_IOERR_SHMOPEN || extendedCode == SQLITE_IOERR_SHMSIZE
        || extendedCode == SQLITE_IOERR_SHMMAP;
  }

  private String explain(int code, String detail) {
    return switch (code) {
      case SQLITE_BUSY, SQLITE_LOCKED -> "the database stayed locked by another connection or process for longer "
          + "than " + busyTimeoutKey + "=" + busyTimeoutMs + " ms (" + detail + "). Another process is "
          + "writing to this file; raise " + busyTimeoutKey + " or stop the other writer.";
      case SQLITE_READONLY -> "the database is read-only (" + detail + "). Check the permissions of the "
          + "file, its -wal and -shm files and its folder.";
      case SQLITE_FULL -> "the disk is full (" + detail + "). Nothing of the failed transaction was written.";
      case SQLITE_IOERR -> "an I/O error occurred (" + detail + ").";
      case SQLITE_NOTADB -> "the file is not a SQLite database (" + detail + "). Point "
          + "storage.sqlite.database_path at a new or existing trace database.";
      case SQLITE_CORRUPT -> "the database file is corrupt (" + detail + "). Restore it from a backup.";
      case SQLITE_CANTOPEN -> "the file cannot be opened (" + detail + "). Check that the path is a file "
          + "and that its folder is writable.";
      default -> detail;
    };
  }

  private static SQLException findSqlException(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException s) {
        return s;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }
}
