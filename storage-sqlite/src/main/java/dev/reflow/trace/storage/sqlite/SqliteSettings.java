package dev.reflow.trace.storage.sqlite;

import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.spi.TraceDocuments;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * The validated {@code storage.sqlite.*} keys. Reflow's {@code [storage.sqlite]} section uses the
 * same names ({@code database_path}, {@code wal_mode}, {@code journal_mode}, {@code synchronous},
 * {@code cache_size}), so a Reflow TOML file configures this backend as it is.
 *
 * @param databasePath the file, or {@code :memory:} for a private in-memory database
 * @param journalMode {@code WAL} when {@code wal_mode} is true, else the rollback journal chosen
 * @param synchronous SQLite's {@code PRAGMA synchronous}
 * @param cacheSize SQLite's {@code PRAGMA cache_size}: pages when positive, KiB when negative
 * @param busyTimeoutMs how long a statement waits for another connection's lock
 * @param compressionThreshold documents longer than this many bytes are zstd-compressed; -1 never
 * @param readOnly open the file read-only: it must exist, nothing is created or migrated, writes fail
 */
public record SqliteSettings(
    String databasePath,
    JournalMode journalMode,
    Synchronous synchronous,
    int cacheSize,
    int busyTimeoutMs,
    int compressionThreshold,
    boolean readOnly) {

  /** The provider name and configuration section. */
  public static final String SECTION = "sqlite";
  public static final String DATABASE_PATH = "database_path";
  public static final String WAL_MODE = "wal_mode";
  public static final String JOURNAL_MODE = "journal_mode";
  public static final String SYNCHRONOUS = "synchronous";
  public static final String CACHE_SIZE = "cache_size";
  public static final String BUSY_TIMEOUT_MS = "busy_timeout_ms";
  public static final String COMPRESSION_THRESHOLD = "compression_threshold";
  public static final String READ_ONLY = "read_only";

  /** Every key this backend reads, in documentation order. */
  public static final List<String> KEYS = List.of(DATABASE_PATH, WAL_MODE, JOURNAL_MODE, SYNCHRONOUS, CACHE_SIZE,
      BUSY_TIMEOUT_MS, COMPRESSION_THRESHOLD, READ_ONLY);

  public static final String DEFAULT_DATABASE_PATH = "./reflow-traces.db";
  public static final String IN_MEMORY = ":memory:";
  /** SQLite's own default: 2,000 KiB. Reflow's default configuration uses the same. */
  public static final int DEFAULT_CACHE_SIZE = -2000;
  public static final int DEFAULT_BUSY_TIMEOUT_MS = 5000;

  /** Journal modes that keep a transaction atomic across a crash. */
  public enum JournalMode {
    WAL, DELETE, TRUNCATE, PERSIST
  }

  /** {@code PRAGMA synchronous} levels. */
  public enum Synchronous {
    OFF, NORMAL, FULL, EXTRA
  }

  /** Defaults for a database file. */
  public static SqliteSettings forFile(String databasePath) {
    return new SqliteSettings(databasePath, JournalMode.WAL, Synchronous.NORMAL, DEFAULT_CACHE_SIZE,
        DEFAULT_BUSY_TIMEOUT_MS, TraceDocuments.DEFAULT_COMPRESSION_THRESHOLD, false);
  }

  /**
   * Reads and validates {@code storage.sqlite.*}.
   *
   * @throws dev.reflow.trace.storage.StorageConfigurationException naming the key and value
   */
  public static SqliteSettings from(StorageConfig config) {
    StorageConfig.Section s = config.section(SECTION);
    for (String unknown : unknownKeys(config)) {
      // A typo must not pass unnoticed; a warning, not an error, so that keys of newer versions
      // in a shared Reflow file do not stop older ones.
      LoggerFactory.getLogger(SqliteSettings.class).warn("Ignoring unknown configuration key {}; "
          + "the SQLite backend reads {}", unknown, KEYS.stream().map(s::key).toList());
    }
    String path = s.getString(DATABASE_PATH, DEFAULT_DATABASE_PATH);
    if (path.isEmpty()) {
      throw s.invalid(DATABASE_PATH, path, "Must be a file path or :memory:.");
    }
    boolean wal = s.getBoolean(WAL_MODE, true);
    JournalMode journal = journalMode(s, wal);
    Synchronous sync = parseEnum(s, SYNCHRONOUS, Synchronous.class, Synchronous.NORMAL);
    int cacheSize = s.getInt(CACHE_SIZE, DEFAULT_CACHE_SIZE);
    int busy = s.getInt(BUSY_TIMEOUT_MS, DEFAULT_BUSY_TIMEOUT_MS, 0, Integer.MAX_VALUE);
    // bytes, or -1 to never compress
    int threshold = s.getInt(COMPRESSION_THRESHOLD, TraceDocuments.DEFAULT_COMPRESSION_THRESHOLD, -1, Integer.MAX_VALUE);
    boolean readOnly = s.getBoolean(READ_ONLY, false) && !path.equals(IN_MEMORY);
    return new SqliteSettings(path, journal, sync, cacheSize, busy, threshold, readOnly);
  }

  /**
   * {@code wal_mode} decides; Reflow's file also carries {@code journal_mode}, which is accepted
   * when it agrees and chooses the rollback journal when {@code wal_mode} is false. OFF and
   * MEMORY are refused: with them a crash can leave a half-written batch.
   */
  private static JournalMode journalMode(StorageConfig.Section s, boolean wal) {
    Optional<String> text = s.get(JOURNAL_MODE).filter(v -> !v.isEmpty());
    if (text.isEmpty()) {
      return wal ? JournalMode.WAL : JournalMode.DELETE;
    }
    String v = text.get().toUpperCase(Locale.ROOT);
    if (v.equals("OFF") || v.equals("MEMORY")) {
      throw s.invalid(JOURNAL_MODE, text.get(), "Must be one of WAL, DELETE, TRUNCATE, PERSIST "
          + "(OFF and MEMORY are refused: a crash could leave a batch half written).");
    }
    JournalMode mode = parseEnum(s, JOURNAL_MODE, JournalMode.class, null);
    boolean walExplicit = s.get(WAL_MODE).isPresent();
    if (wal && mode != JournalMode.WAL) {
      if (walExplicit) {
        throw s.invalid(JOURNAL_MODE, text.get(), "Conflicts with " + s.key(WAL_MODE)
            + "=true; set " + s.key(WAL_MODE) + "=false to use a rollback journal.");
      }
      return mode;
    }
    if (!wal && mode == JournalMode.WAL) {
      throw s.invalid(JOURNAL_MODE, text.get(), "Conflicts with " + s.key(WAL_MODE) + "=false.");
    }
    return mode;
  }

  private static <E extends Enum<E>> E parseEnum(StorageConfig.Section s, String key, Class<E> type, E dflt) {
    Optional<String> text = s.get(key);
    if (text.isEmpty()) {
      return dflt;
    }
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(text.get())) {
        return e;
      }
    }
    StringBuilder names = new StringBuilder();
    for (E e : type.getEnumConstants()) {
      names.append(names.length() == 0 ? "" : ", ").append(e.name());
    }
    throw s.invalid(key, text.get(), "Must be one of " + names + ".");
  }

  /** The {@code storage.sqlite.*} keys that this backend does not read (typos, most likely). */
  public static List<String> unknownKeys(StorageConfig config) {
    String prefix = config.section(SECTION).prefix();
    Set<String> known = Set.copyOf(KEYS);
    return config.asMap().keySet().stream()
        .filter(k -> k.startsWith(prefix) && !known.contains(k.substring(prefix.length())))
        .sorted()
        .toList();
  }

  /** Whether this is a private in-memory database (one shared connection, gone on close). */
  public boolean inMemory() {
    return IN_MEMORY.equals(databasePath);
  }
}
