package dev.reflow.trace.storage.postgres.internal;

import dev.reflow.trace.storage.Redaction;
import dev.reflow.trace.storage.postgres.PostgresSettings;
import dev.reflow.trace.storage.postgres.PostgresTableLayout;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** The traces table of one storage, as its layout sees it. */
record PgTable(String backend, PostgresSettings settings) implements PostgresTableLayout.TraceTable {

  @Override
  public Optional<String> extensionSchema(Handle handle, String extension) {
    return PgSchema.extensionSchema(handle, extension);
  }

  @Override
  public boolean isConnectionFailure(Throwable failure) {
    return PgErrors.isConnectionFailure(failure);
  }

  @Override
  public String reason(Throwable failure) {
    return Redaction.redact(PgErrors.rootMessage(failure));
  }

  @Override
  public String reasonLine(Throwable failure) {
    return Redaction.redact(PgErrors.oneLine(failure));
  }
}
