package dev.reflow.trace.storage.postgres.internal;

import dev.reflow.trace.storage.postgres.PostgresStorageProvider;
import dev.reflow.trace.storage.postgres.PostgresTableLayout;
import org.jdbi.v3.core.Handle;

/**
 * The PostgreSQL backend's layout: a plain table with {@code trace_id} as its primary key, written
 * with one batched upsert.
 */
public final class PlainTableLayout implements PostgresTableLayout {

  @Override
  public String migrations() {
    return PostgresStorageProvider.MIGRATIONS;
  }

  @Override
  public void writeRows(TraceTable table, Handle handle, Rows rows) {
    rows.insertOrUpdate(handle, "trace_id");
  }
}
