package dev.reflow.trace.storage.postgres.internal;

import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.storage.spi.IndexedTrace;
import dev.reflow.trace.storage.spi.TraceDocuments;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * One row of the traces table: the stored document and the denormalized filter columns.
 *
 * @param flowId {@link PgText#encode encoded} flow id
 * @param startTime {@code start_time} at microsecond precision, truncated toward the past
 * @param endTime the same for {@code end_time}, or null
 * @param status the status kind as Reflow names it ({@code Failed} for any failure)
 * @param actors the {@link PgText#actorsColumn actors column}
 * @param size the length in bytes of the uncompressed JSON document
 */
public record TraceRow(
    UUID traceId,
    String flowId,
    UUID executionId,
    OffsetDateTime startTime,
    OffsetDateTime endTime,
    String status,
    int eventCount,
    long size,
    String actors,
    String codec,
    byte[] doc) {

  /** A column of the traces table and the value a row binds to it (a named parameter of the same name). */
  private record Column(String name, Function<TraceRow, Object> value) {}

  /**
   * Every column a row writes, in insert order: the one place the list lives. Migrations are
   * checked against it when a storage opens ({@link PgSchema#checkColumns}).
   */
  private static final List<Column> COLUMNS = List.of(
      new Column("trace_id", TraceRow::traceId),
      new Column("flow_id", TraceRow::flowId),
      new Column("execution_id", TraceRow::executionId),
      new Column("start_time", r -> PgSql.timestamptz(r.startTime())),
      new Column("end_time", r -> PgSql.timestamptz(r.endTime())),
      new Column("status", TraceRow::status),
      new Column("event_count", TraceRow::eventCount),
      new Column("size_bytes", TraceRow::size),
      new Column("actors", TraceRow::actors),
      new Column("codec", TraceRow::codec),
      new Column("doc", TraceRow::doc));

  /** The names of {@link #COLUMNS}, in insert order. */
  public static final List<String> COLUMN_NAMES = COLUMNS.stream().map(Column::name).toList();

  /** Binds every column of this row to the named parameter of its name ({@code :trace_id}, …). */
  public <S extends SqlStatement<S>> S bind(S statement) {
    for (Column c : COLUMNS) {
      statement.bind(c.name(), c.value().apply(this));
    }
    return statement;
  }

  /**
   * The earliest and latest sort-column values. PostgreSQL's timestamptz runs from 4714 BC to
   * 294276 AD, but the driver sends anything before 4713-01-01 BC as {@code -infinity}, which
   * TimescaleDB cannot place in a chunk, and TimescaleDB rejects the very last day; these bounds
   * satisfy all three. (Chrono's own range ends in year 262143.)
   */
  static final OffsetDateTime PG_MIN = OffsetDateTime.parse("-4712-01-01T00:00:00Z");
  static final OffsetDateTime PG_MAX = OffsetDateTime.parse("+294000-12-31T23:59:59.999999Z");

  /** The row of a trace, with its document encoded under the given compression threshold. */
  public static TraceRow of(FlowTrace trace, int compressionThreshold) {
    return of(IndexedTrace.of(trace), TraceDocuments.encode(trace, compressionThreshold));
  }

  /** The row of a trace given by its indexed fields and its encoded document. */
  public static TraceRow of(IndexedTrace trace, TraceDocuments.Encoded doc) {
    return new TraceRow(
        trace.traceId().value(),
        PgText.encode(trace.flowId().value()),
        trace.executionId().value(),
        micros(trace.startTime().epochMicros()),
        trace.endTime() == null ? null : micros(trace.endTime().epochMicros()),
        trace.status().variantName(),
        trace.eventCount(),
        doc.jsonLength(),
        PgText.actorsColumn(trace.actorIds()),
        doc.codec().id(),
        doc.bytes());
  }

  /**
   * A timestamptz value from epoch microseconds. Chrono reaches years PostgreSQL cannot hold
   * (before 4713 BC); those are clamped to {@link #PG_MIN}, keeping the order of every
   * representable time.
   */
  public static OffsetDateTime micros(long epochMicros) {
    Instant instant = Instant.ofEpochSecond(Math.floorDiv(epochMicros, 1_000_000L),
        Math.floorMod(epochMicros, 1_000_000L) * 1000L);
    OffsetDateTime t = instant.atOffset(ZoneOffset.UTC);
    if (t.isBefore(PG_MIN)) {
      return PG_MIN;
    }
    if (t.isAfter(PG_MAX)) {
      return PG_MAX;
    }
    return t;
  }
}
