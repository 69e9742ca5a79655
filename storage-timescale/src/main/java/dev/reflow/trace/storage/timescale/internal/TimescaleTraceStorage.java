package dev.reflow.trace.storage.timescale.internal;

import com.zaxxer.hikari.HikariDataSource;
import dev.reflow.trace.storage.postgres.internal.PgSql;
import dev.reflow.trace.storage.postgres.internal.PgTraceStorage;
import dev.reflow.trace.storage.postgres.internal.TraceRow;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.argument.Argument;

/**
 * The PostgreSQL storage on a table keyed by (trace_id, start_time), a hypertable when TimescaleDB
 * is available. A trace whose start time changed lives under a new key, possibly in another
 * chunk, so writes delete by trace id and insert, in the caller's transaction: exactly one copy
 * remains.
 */
public class TimescaleTraceStorage extends PgTraceStorage {
  private final TimescaleSettings timescale;
  private final TimescaleSetup.Result setup;

  public TimescaleTraceStorage(String backend, TimescaleSettings timescale, HikariDataSource dataSource,
      boolean actorIndex, TimescaleSetup.Result setup) {
    super(backend, timescale.pg(), dataSource, actorIndex);
    this.timescale = timescale;
    this.setup = setup;
  }

  /** The advisory-lock namespace of trace writes ('RFTS'); the second key is the id's hash. */
  private static final int LOCK_NAMESPACE = 0x52465453;

  @Override
  protected void writeRows(Handle h, List<TraceRow> rows) {
    UUID[] ids = rows.stream().map(TraceRow::traceId).toArray(UUID[]::new);
    // The key (trace_id, start_time) cannot stop two concurrent writers of one id with different
    // start times from both inserting, so writers of an id take turns: a transaction-scoped
    // advisory lock per id, taken in ascending order so that two batches cannot deadlock.
    Integer[] lockKeys = rows.stream().map(r -> r.traceId().hashCode()).distinct().sorted().toArray(Integer[]::new);
    Argument keyArray = (position, statement, ctx) ->
        statement.setArray(position, statement.getConnection().createArrayOf("int4", lockKeys));
    h.createQuery("SELECT count(pg_advisory_xact_lock(:namespace, k)) FROM unnest(:keys) AS k")
        .bind("namespace", LOCK_NAMESPACE)
        .bind("keys", keyArray)
        .mapTo(Long.class)
        .one();
    Argument idArray = (position, statement, ctx) ->
        statement.setArray(position, statement.getConnection().createArrayOf("uuid", ids));
    h.createUpdate("DELETE FROM " + table + " WHERE trace_id = ANY(:ids)").bind("ids", idArray).execute();
    insertBatch(h, rows, "");
  }

  @Override
  protected long storageSize(Handle h) {
    if (!setup.hypertable()) {
      return super.storageSize(h);
    }
    // The parent of a hypertable is empty; its chunks hold the data.
    Long size = h.createQuery("SELECT " + PgSql.ident(setup.extensionSchema().orElseThrow())
            + ".hypertable_size(CAST(:rel AS regclass))")
        .bind("rel", table)
        .mapTo(Long.class)
        .one();
    return size == null ? 0 : size;
  }

  @Override
  protected void details(Handle h, Map<String, String> details) {
    boolean hypertable = setup.hypertable() && TimescaleSetup.isHypertable(h, settings.schema());
    details.put("hypertable", String.valueOf(hypertable));
    setup.extensionVersion().ifPresent(v -> details.put("timescaledb", v));
    if (hypertable) {
      h.createQuery("SELECT CAST(time_interval AS text) FROM timescaledb_information.dimensions "
              + "WHERE hypertable_schema = :schema AND hypertable_name = 'traces' AND column_name = 'start_time'")
          .bind("schema", settings.schema())
          .mapTo(String.class)
          .findOne()
          .ifPresent(v -> details.put("chunk_time_interval", v));
      details.put("chunks", String.valueOf(h.createQuery("SELECT count(*) FROM timescaledb_information.chunks "
              + "WHERE hypertable_schema = :schema AND hypertable_name = 'traces'")
          .bind("schema", settings.schema())
          .mapTo(Long.class)
          .one()));
    }
    timescale.retention().ifPresent(d -> details.put("retention", TimescaleSettings.intervalText(d)));
    timescale.compressAfter().ifPresent(d -> details.put("compress_after", TimescaleSettings.intervalText(d)));
  }
}
