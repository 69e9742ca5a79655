package dev.reflow.trace.storage.sqlite.internal;

import dev.reflow.trace.storage.StorageClosedException;
import dev.reflow.trace.storage.StorageConfigurationException;
import dev.reflow.trace.storage.StorageConnectionException;
import dev.reflow.trace.storage.sqlite.SqliteSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.ConnectionFactory;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.sqlite.SQLiteConfig;

/**
 * One writer connection and a few reader connections to one database.
 *
 * <p>SQLite admits one writer at a time. Writes are serialized here, in Java, on the single
 * writer connection, so that threads of this process queue on a lock instead of spinning on
 * {@code SQLITE_BUSY}; its transactions begin {@code IMMEDIATE}, taking the file's write lock up
 * front, so that a second process cannot deadlock a read-then-write upgrade. In WAL mode readers
 * never block the writer nor each other, so reads run on a small pool of their own connections.
 *
 * <p>{@code :memory:} is private to one connection, so there every call shares the writer.
 */
public final class SqliteConnections implements AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SqliteConnections.class);
  /** Enough for concurrent readers on a small machine; SQLite reads are CPU-bound. */
  private static final int MAX_READERS = 4;

  private final SqliteSettings settings;
  private final String url;
  private final SqliteErrors errors;
  private final ReentrantLock writeLock = new ReentrantLock(true);
  private final Connection writer;
  private final Jdbi writerJdbi;
  private final Jdbi readerJdbi;
  private final ReaderFactory readerFactory;
  private final Semaphore readerPermits = new Semaphore(MAX_READERS, true);
  private final ConcurrentLinkedDeque<Connection> idleReaders = new ConcurrentLinkedDeque<>();
  /** Statements kept with their connection, see {@link #prepared}. */
  private final Map<StatementKey, PreparedStatement> statements = new ConcurrentHashMap<>();
  private final boolean immutable;
  private volatile boolean closed;

  private SqliteConnections(SqliteSettings settings, String url, boolean immutable, SqliteErrors errors,
      Connection writer) {
    this.settings = settings;
    this.url = url;
    this.immutable = immutable;
    this.errors = errors;
    this.writer = writer;
    this.writerJdbi = Jdbi.create(new ConnectionFactory() {
      @Override
      public Connection openConnection() {
        return writer;
      }

      @Override
      public void closeConnection(Connection conn) {
        // the writer lives as long as the storage
      }
    });
    this.readerFactory = new ReaderFactory();
    this.readerJdbi = settings.inMemory() ? writerJdbi : Jdbi.create(readerFactory);
  }

  /**
   * Opens the database, creating the file and its parent folders when missing, and applies the
   * pragmas. The schema is not touched here, but a file that holds another application's tables
   * is refused before anything is written to it (see {@link SchemaMigrator#foreignContent}).
   */
  public static SqliteConnections open(SqliteSettings settings, SqliteErrors errors) {
    String url;
    boolean immutable = false;
    if (settings.inMemory()) {
      url = "jdbc:sqlite::memory:";
    } else {
      Path file = Paths.get(settings.databasePath()).toAbsolutePath().normalize();
      if (settings.readOnly()) {
        // A read-only command on a mistyped path must not create an empty database there.
        if (!Files.isRegularFile(file)) {
          throw new StorageConfigurationException("storage.sqlite." + SqliteSettings.DATABASE_PATH + "="
              + settings.databasePath() + ": " + (Files.isDirectory(file) ? "is a directory, not a database file"
              : "the file does not exist") + " (a read-only command never creates it)");
        }
        immutable = !folderWritable.test(file.getParent());
      } else {
        createParentFolders(file, settings);
        if (!folderWritable.test(file.getParent())) {
          throw new StorageConnectionException("Could not open SQLite database " + settings.databasePath()
              + " for writing: its folder " + file.getParent() + " is not writable, and SQLite keeps its journal "
              + "(the -wal and -shm files, or a -journal) beside the database. Read-only commands (query, get, "
              + "stats, export, verify) still read it.");
        }
      }
      url = immutable ? immutableUrl(file, settings) : "jdbc:sqlite:" + file;
    }
    Connection writer;
    try {
      writer = connect(settings, url, !settings.readOnly());
    } catch (SQLException e) {
      throw errors.open(e);
    }
    try {
      Optional<String> foreign = SchemaMigrator.foreignContent(writer);
      if (foreign.isPresent()) {
        throw errors.notTraceDatabase(foreign.get());
      }
      // The journal mode is a property of the file: the writer sets it, readers inherit it. Set
      // only now, because switching to WAL rewrites the header of a file that is not ours. A
      // read-only open keeps the file's own mode.
      if (!settings.readOnly()) {
        try (var st = writer.createStatement()) {
          st.execute("PRAGMA journal_mode = " + settings.journalMode().name());
        }
      }
    } catch (SQLException | RuntimeException e) {
      closeQuietly(writer);
      throw e instanceof SQLException ? errors.open(e) : (RuntimeException) e;
    }
    return new SqliteConnections(settings, url, immutable, errors, writer);
  }

  /**
   * Whether the folder holding the database is writable: a WAL database cannot even be read
   * without creating its -shm file there (SQLITE_READONLY_DIRECTORY / SQLITE_CANTOPEN). A field, so
   * that a test can take the decision for a folder it cannot make read-only (root writes anywhere).
   */
  static volatile java.util.function.Predicate<Path> folderWritable = Files::isWritable;

  /**
   * The URL of a read-only open in a folder this process cannot write: SQLite's {@code immutable=1},
   * which reads the main file without locks and without the -shm and -wal files. That is only
   * right when the file holds everything: a non-empty -wal beside it holds commits not yet in the
   * file, and immutable would silently miss them, so that case is refused. What it means is logged
   * once: no locks, so a process writing to the file meanwhile could make a read inconsistent.
   */
  private static String immutableUrl(Path file, SqliteSettings settings) {
    Path wal = Path.of(file + "-wal");
    long walBytes;
    try {
      walBytes = Files.exists(wal) ? Files.size(wal) : 0;
    } catch (IOException e) {
      walBytes = 1;
    }
    if (walBytes > 0) {
      throw new StorageConnectionException("Could not open SQLite database " + settings.databasePath()
          + " read-only: its folder " + file.getParent() + " is not writable and " + wal.getFileName()
          + " holds changes not yet copied into the file, which cannot be read without writing beside it. "
          + "Open it once where the folder is writable (any write command checkpoints it), or copy the "
          + "file with its -wal to a writable folder.");
    }
    LOG.warn("SQLite database {}: its folder is not writable, so it is read as an immutable file (no locks, "
        + "no -shm): reads are correct while nothing writes to the file; a process writing to it at the same "
        + "time could make a read inconsistent", settings.databasePath());
    // file.toUri() percent-encodes spaces, '?', '#' and '%', which SQLite's URI filenames decode.
    return "jdbc:sqlite:" + file.toUri() + "?immutable=1";
  }

  /** Whether the database is read as an immutable file (read-only open, folder not writable). */
  public boolean immutable() {
    return immutable;
  }

  private static void createParentFolders(Path file, SqliteSettings settings) {
    Path parent = file.getParent();
    if (parent == null || Files.isDirectory(parent)) {
      return;
    }
    try {
      Files.createDirectories(parent);
    } catch (IOException e) {
      throw new StorageConnectionException("Could not create the folder " + parent + " for "
          + "storage.sqlite.database_path=" + settings.databasePath() + ": "
          + (e instanceof java.nio.file.AccessDeniedException ? "permission denied" : e.getMessage()), e);
    }
  }

  private static Connection connect(SqliteSettings settings, String url, boolean forWriting) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(settings.busyTimeoutMs());
    config.enforceForeignKeys(true);
    config.setCacheSize(settings.cacheSize());
    // PRAGMA synchronous takes no bound parameter; the value is one of four enum names.
    config.setPragma(SQLiteConfig.Pragma.SYNCHRONOUS, settings.synchronous().name());
    if (settings.readOnly()) {
      config.setReadOnly(true);
    }
    if (forWriting) {
      config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    }
    Connection c = config.createConnection(url);
    try {
      // Opening is lazy; this read fails now, not at the first call, for a file that is no database.
      try (var st = c.createStatement(); var rs = st.executeQuery("SELECT count(*) FROM sqlite_schema")) {
        rs.next();
      }
      return c;
    } catch (SQLException e) {
      c.close();
      throw e;
    }
  }

  /** The database file, or {@code :memory:}. */
  public String databasePath() {
    return settings.databasePath();
  }

  /**
   * Runs {@code callback} on the writer connection while holding the write lock.
   *
   * @throws StorageClosedException after {@link #close()}
   */
  public <R> R withWriter(WriterCallback<R> callback) {
    ensureOpen();
    writeLock.lock();
    try {
      ensureOpen();
      return callback.run(writerJdbi, writer);
    } finally {
      writeLock.unlock();
    }
  }

  /** Runs {@code callback} in one {@code IMMEDIATE} transaction on the writer: all or nothing. */
  public <R> R inWriteTransaction(HandleCallback<R, RuntimeException> callback) {
    return withWriter((jdbi, conn) -> jdbi.inTransaction(callback));
  }

  /**
   * After a transaction of a long series (retention): copies the WAL back into the database
   * without waiting for readers, so that the next transaction writes the WAL from its start and
   * the file stays one transaction long instead of growing to the autocheckpoint size (4 MB) or
   * beyond. A checkpoint that cannot run now is left to the next one: the data is committed.
   */
  public void checkpointAfterBatch(Connection writerConnection) {
    if (settings.inMemory() || settings.journalMode() != SqliteSettings.JournalMode.WAL) {
      return;
    }
    try (var st = writerConnection.createStatement()) {
      st.execute("PRAGMA wal_checkpoint(PASSIVE)");
    } catch (SQLException ignored) {
      // the transaction committed; a later checkpoint (or close) copies its pages
    }
  }

  /** Runs {@code callback} on a reader connection (the writer, for {@code :memory:}). */
  public <R> R read(HandleCallback<R, RuntimeException> callback) {
    ensureOpen();
    if (settings.inMemory()) {
      return withWriter((jdbi, conn) -> jdbi.withHandle(callback));
    }
    return readerJdbi.withHandle(callback);
  }

  /**
   * A reader handle that the caller closes (which gives the connection back): for streams, which
   * hold it while their caller reads. Not for {@code :memory:}, where the only connection is the
   * writer's.
   */
  public Handle openReader() {
    ensureOpen();
    if (settings.inMemory()) {
      throw new IllegalStateException("an in-memory database has no reader connections");
    }
    return readerJdbi.open();
  }

  /**
   * Runs {@code callback} on a reader connection without a Jdbi handle: for the hot single-row
   * reads, where opening a handle cost more than SQLite's lookup (measured: about 20 µs against
   * 8 µs for a primary-key select).
   */
  public <R> R readJdbc(JdbcCallback<R> callback) {
    ensureOpen();
    if (settings.inMemory()) {
      return withWriter((jdbi, conn) -> runJdbc(callback, conn));
    }
    Connection c;
    try {
      c = readerFactory.openConnection();
    } catch (SQLException e) {
      throw new IllegalStateException("Could not open a reader connection: " + e.getMessage(), e);
    }
    try {
      return runJdbc(callback, c);
    } finally {
      readerFactory.closeConnection(c);
    }
  }

  /**
   * The statement {@code sql} on a connection this class handed out, prepared on its first use and
   * kept with the connection: SQLite compiles the SQL at every prepare, which a get by id paid on
   * each call. A connection serves one caller at a time, and so does its statement; the statements
   * close with their connection. For hot single-statement reads whose result set the caller closes.
   */
  public PreparedStatement prepared(Connection connection, String sql) throws SQLException {
    StatementKey key = new StatementKey(connection, sql);
    PreparedStatement st = statements.get(key);
    if (st == null) {
      st = connection.prepareStatement(sql);
      statements.put(key, st);
    }
    return st;
  }

  /** Connections compare by identity, so each connection has its own statements. */
  private record StatementKey(Connection connection, String sql) {}

  /** SqliteErrors classifies by the SQLException in the cause chain (busy, full, corrupt...). */
  private static <R> R runJdbc(JdbcCallback<R> callback, Connection connection) {
    try {
      return callback.run(connection);
    } catch (SQLException e) {
      throw new IllegalStateException("SQLite read failed: " + e.getMessage(), e);
    }
  }

  /** Work on a plain JDBC connection. */
  @FunctionalInterface
  public interface JdbcCallback<R> {
    R run(Connection connection) throws SQLException;
  }

  /** @throws StorageClosedException after {@link #close()} */
  public void ensureOpen() {
    if (closed) {
      throw new StorageClosedException(SqliteSettings.SECTION);
    }
  }

  public boolean isClosed() {
    return closed;
  }

  /**
   * Closes every connection; waits for a running write to finish first. Readers in use are
   * closed when they are given back. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    writeLock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      if (!settings.inMemory()) {
        try (var st = writer.createStatement()) {
          // Keeps planner statistics fresh for the next open; cheap when nothing changed.
          st.execute("PRAGMA optimize");
        } catch (SQLException ignored) {
          // statistics only; closing matters more
        }
      }
      closeQuietly(writer);
    } finally {
      writeLock.unlock();
    }
    Connection c;
    while ((c = idleReaders.poll()) != null) {
      closeQuietly(c);
    }
    statements.clear(); // closed with their connections
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // nothing left to do with a connection that fails to close
    }
  }

  /** Work on the writer connection. */
  @FunctionalInterface
  public interface WriterCallback<R> {
    R run(Jdbi jdbi, Connection connection);
  }

  /** Lends reader connections, opening up to {@link #MAX_READERS} of them on demand. */
  private final class ReaderFactory implements ConnectionFactory {
    @Override
    public Connection openConnection() throws SQLException {
      try {
        readerPermits.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SQLException("interrupted while waiting for a reader connection", e);
      }
      try {
        Connection c = idleReaders.pollFirst();
        return c != null ? c : connect(settings, url, false);
      } catch (SQLException | RuntimeException e) {
        readerPermits.release();
        throw e;
      }
    }

    @Override
    public void closeConnection(Connection conn) {
      try {
        if (closed) {
          closeQuietly(conn);
        } else {
          idleReaders.addFirst(conn);
          // close() may have drained the idle list between the check and the add
          if (closed && idleReaders.remove(conn)) {
            closeQuietly(conn);
          }
        }
      } finally {
        readerPermits.release();
      }
    }
  }
}
