package dev.reflow.trace.storage.postgres.internal;

import dev.reflow.trace.storage.Redaction;
import dev.reflow.trace.storage.StorageConnectionException;
import dev.reflow.trace.storage.TraceStorageException;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates or upgrades the schema with Flyway (versioned SQL under
 * {@code db/migration/<backend>}, history table in the configured schema), then adds the optional
 * trigram index that makes actor substring filters use an index.
 */
public final class PgSchema {
  private static final Logger LOG = LoggerFactory.getLogger(PgSchema.class);

  private PgSchema() {}

  /**
   * Runs the migrations of {@code location} (e.g. {@code classpath:db/migration/postgres}) in
   * {@code schema}, creating the schema when missing. Flyway takes an advisory lock, so several
   * processes opening one database at once migrate it once.
   */
  public static void migrate(String backend, DataSource dataSource, String schema, String location) {
    try {
      Flyway.configure()
          .dataSource(dataSource)
          .schemas(schema)
          .defaultSchema(schema)
          .createSchemas(true)
          .locations(location)
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
  public static boolean ensureActorIndex(Jdbi jdbi, String schema, String table) {
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
  public static Optional<String> extensionSchema(Jdbi jdbi, String extension) {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = :name")
        .bind("name", extension)
        .mapTo(String.class)
        .findOne());
  }
}
