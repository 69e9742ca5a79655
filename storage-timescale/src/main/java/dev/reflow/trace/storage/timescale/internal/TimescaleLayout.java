package dev.reflow.trace.storage.timescale.internal;

import dev.reflow.trace.storage.postgres.PostgresTableLayout;
import dev.reflow.trace.storage.timescale.TimescaleStorageProvider;
import dev.reflow.trace.storage.timescale.TimescaleSettings;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.Argument;

/**
 * The traces table keyed by (trace_id, start_time), a hypertable when TimescaleDB is available.
 * A trace whose start time changed lives under a new key, possibly in another chunk, so writes
 * delete by trace id and insert, in the caller's transaction: exactly one copy remains.
 */
public final class TimescaleLayout implements PostgresTableLayout {
  /** The advisory-lock namespace of trace writes ('RFTS'); the second key is the id's hash. */
  private static final int LOCK_NAMESPACE = 0x52465453;

  /** Turns the migrated table into a hypertable, or says why it stays a plain table. */
  @FunctionalInterface
  public interface Setup {
    TimescaleSetup.Result apply(TraceTable table, Jdbi jdbi);
  }

  private final TimescaleSettings settings;
  private final Setup setup;
  /** What {@link #prepare} set up; written once, before the storage serves any call. */
  private volatile TimescaleSetup.Result result = TimescaleSetup.FALLBACK;

  /** The layout that creates the hypertable when the extension is available ({@link TimescaleSetup}). */
  public TimescaleLayout(TimescaleSettings settings) {
    this(settings, (table, jdbi) -> TimescaleSetup.apply(table, jdbi, settings));
  }

  /**
   * A layout with another setup step, e.g. {@code (table, jdbi) -> TimescaleSetup.FALLBACK} for
   * the plain table an open without the extension leaves.
   */
  public TimescaleLayout(TimescaleSettings settings, Setup setup) {
    this.settings = settings;
    this.setup = setup;
  }

  @Override
  public String migrations() {
    return TimescaleStorageProvider.MIGRATIONS;
  }

  @Override
  public void prepare(TraceTable table, Jdbi jdbi) {
    result = setup.apply(table, jdbi);
  }

  @Override
  public void writeRows(TraceTable table, Handle h, Rows rows) {
    List<UUID> ids = rows.traceIds();
    // The key (trace_id, start_time) cannot stop two concurrent writers of one id with different
    // start times from both inserting, so writers of an id take turns: a transaction-scoped
    // advisory lock per id, taken in ascending order so that two batches cannot deadlock.
    Integer[] lockKeys = ids.stream().map(UUID::hashCode).distinct().sorted().toArray(Integer[]::new);
    Argument keyArray = (position, statement, ctx) ->
        statement.setArray(position, statement.getConnection().createArrayOf("int4", lockKeys));
    h.createQuery("SELECT count(pg_advisory_xact_lock(:namespace, k)) FROM unnest(:keys) AS k")
        .bind("namespace", LOCK_NAMESPACE)
        .bind("keys", keyArray)
        .mapTo(Long.class)
        .one();
    UUID[] idArray = ids.toArray(UUID[]::new);
    Argument idsArgument = (position, statement, ctx) ->
        statement.setArray(position, statement.getConnection().createArrayOf("uuid", idArray));
    h.createUpdate("DELETE FROM " + table.qualifiedName() + " WHERE trace_id = ANY(:ids)")
        .bind("ids", idsArgument)
        .execute();
    rows.insert(h);
  }

  @Override
  public long storageSize(TraceTable table, Handle h) {
    TimescaleSetup.Result setup = result;
    if (!setup.hypertable()) {
      return PostgresTableLayout.super.storageSize(table, h);
    }
    // The parent of a hypertable is empty; its chunks hold the data.
    Long size = h.createQuery("SELECT " + TraceTable.quote(setup.extensionSchema().orElseThrow())
            + ".hypertable_size(CAST(:rel AS regclass))")
        .bind("rel", table.qualifiedName())
        .mapTo(Long.class)
        .one();
    return size == null ? 0 : size;
  }

  @Override
  public void addDetails(TraceTable table, Handle h, Map<String, String> details) {
    TimescaleSetup.Result setup = result;
    String schema = settings.pg().schema();
    boolean hypertable = setup.hypertable() && TimescaleSetup.isHypertable(h, schema);
    details.put("hypertable", String.valueOf(hypertable));
    setup.extensionVersion().ifPresent(v -> details.put("timescaledb", v));
    if (hypertable) {
      h.createQuery("SELECT CAST(time_interval AS text) FROM timescaledb_information.dimensions "
              + "WHERE hypertable_schema = :schema AND hypertable_name = 'traces' AND column_name = 'start_time'")
          .bind("schema", schema)
          .mapTo(String.class)
          .findOne()
          .ifPresent(v -> details.put("chunk_time_interval", v));
      details.put("chunks", String.valueOf(h.createQuery("SELECT count(*) FROM timescaledb_information.chunks "
              + "WHERE hypertable_schema = :schema AND hypertable_name = 'traces'")
          .bind("schema", schema)
          .mapTo(Long.class)
          .one()));
    }
    settings.retention().ifPresent(d -> details.put("retention", TimescaleSettings.intervalText(d)));
    settings.compressAfter().ifPresent(d -> details.put("compress_after", TimescaleSettings.intervalText(d)));
  }
}
