package dev.reflow.trace.storage.postgres.internal;

import dev.reflow.trace.storage.Redaction;
import dev.reflow.trace.storage.StorageConnectionException;
import dev.reflow.trace.storage.TraceStorageException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates or upgrades the schema with Flyway (versioned SQL under
 * {@code db/migration/<backend>}, history table in the configured schema), then adds the optional
 * trigram index that makes actor substring filters use an index.
 */
final class PgSchema {
  private static final Logger LOG = LoggerFactory.getLogger(PgSchema.class);

  private PgSchema() {}

  /**
   * Runs the migrations of {@code locations} (e.g. {@code classpath:db/migration/postgres}; several
   * separated by commas) in {@code schema}, creating the schema when missing. Flyway takes an
   * advisory lock, so several processes opening one database at once migrate it once.
   *
   * @param placeholders Flyway placeholders ({@code ${name}}) the migrations use
   */
  static void migrate(String backend, DataSource dataSource, String schema, String locations,
      Map<String, String> placeholders) {
    try {
      Flyway.configure()
          .dataSource(dataSource)
          .schemas(schema)
          .defaultSchema(schema)
          .createSchemas(true)
          .locations(locations.split(","))
          .placeholders(placeholders)
          .table("flyway_schema_history")
          .load()
          .migrate();
    } catch (FlywayException e) {
      String detail = Redaction.redact(PgErrors.rootMessage(e));
      if (PgErrors.isConnectionFailure(e)) {
        throw new StorageConnectionException(backend + ": could not migrate schema \"" + schema + "\": " + detail, e);
      }
      throw new TraceStorageException(backend + ": could not migrate schema \"" + schema + "\": " + detail, e);
    }
  }

  /**
   * Creates a {@code pg_trgm} GIN index on the actors column when the extension exists or can be
   * created (it is a trusted extension since PostgreSQL 13, so a database owner can). Without it
   * actor filters still work, by scanning the actors column; the reason is logged once at INFO.
   */
  static boolean ensureActorIndex(Jdbi jdbi, String schema, String table) {
    try {
      Optional<String> trgmSchema = extensionSchema(jdbi, "pg_trgm");
      if (trgmSchema.isEmpty()) {
        jdbi.useHandle(h -> h.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm"));
        trgmSchema = extensionSchema(jdbi, "pg_trgm");
      }
      if (trgmSchema.isEmpty()) {
        return false;
      }
      String ops = PgSql.ident(trgmSchema.get()) + ".gin_trgm_ops";
      String index = table + "_actors_trgm_idx";
      jdbi.useHandle(h -> h.execute("CREATE INDEX IF NOT EXISTS " + PgSql.ident(index) + " ON "
          + PgSql.ident(schema) + "." + PgSql.ident(table) + " USING gin (actors " + ops + ")"));
      return true;
    } catch (RuntimeException e) {
      if (PgErrors.isConnectionFailure(e)) {
        throw new StorageConnectionException("Could not set up the actor index in schema \"" + schema + "\": "
            + Redaction.redact(PgErrors.rootMessage(e)), e);
      }
      LOG.info("Actor filters will scan the actors column: no pg_trgm index ({})",
          Redaction.redact(PgErrors.rootMessage(e)));
      return false;
    }
  }

  /** The schema an extension is installed in, if it is installed. */
  static Optional<String> extensionSchema(Jdbi jdbi, String extension) {
    return jdbi.withHandle(h -> extensionSchema(h, extension));
  }

  /** The schema an extension is installed in, if it is installed. */
  static Optional<String> extensionSchema(Handle handle, String extension) {
    return handle.createQuery(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = :name")
        .bind("name", extension)
        .mapTo(String.class)
        .findOne();
  }

  /**
   * Checks that the migrated {@code traces} table takes every row the storage writes: it has each
   * of {@link TraceRow#COLUMN_NAMES}, and every other column is nullable or filled in by the
   * database. A layout's migrations thus cannot drift from the code: the storage refuses to open,
   * naming the columns, instead of failing on the first write.
   *
   * @throws TraceStorageException naming the table, the columns and the migrations' location
   */
  static void checkColumns(String backend, Jdbi jdbi, String schema, String migrations) {
    List<Map<String, Object>> columns = jdbi.withHandle(h -> h.createQuery(
            "SELECT column_name, is_nullable = 'NO' AND column_default IS NULL AND is_identity = 'NO' "
                + "AND is_generated = 'NEVER' AS required FROM information_schema.columns "
                + "WHERE table_schema = :schema AND table_name = 'traces'")
        .bind("schema", schema)
        .mapToMap()
        .list());
    Set<String> present = new TreeSet<>();
    Set<String> unwritten = new TreeSet<>();
    for (Map<String, Object> column : columns) {
      String name = (String) column.get("column_name");
      present.add(name);
      if (Boolean.TRUE.equals(column.get("required")) && !TraceRow.COLUMN_NAMES.contains(name)) {
        unwritten.add(name);
      }
    }
    List<String> missing = TraceRow.COLUMN_NAMES.stream().filter(c -> !present.contains(c)).toList();
    if (present.isEmpty()) {
      throw new TraceStorageException(backend + ": the migrations at " + migrations + " did not create table "
          + schema + ".traces");
    }
    if (!missing.isEmpty()) {
      throw new TraceStorageException(backend + ": table " + schema + ".traces lacks the column(s) " + missing
          + " that every row writes; the migrations at " + migrations + " must create them");
    }
    if (!unwritten.isEmpty()) {
      throw new TraceStorageException(backend + ": table " + schema + ".traces has NOT NULL column(s) " + unwritten
          + " without a default, which rows do not write; the migrations at " + migrations
          + " must give them a default or allow NULL");
    }
  }
}
