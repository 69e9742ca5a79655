-- One row per trace: the Reflow JSON document and the columns that filters and ordering use.
-- Text columns hold values encoded so that U+0000, which PostgreSQL text cannot store, still
-- matches exactly (see PgText); the document (bytea) keeps every character.
CREATE TABLE traces (
    trace_id     uuid        PRIMARY KEY,
    flow_id      text        NOT NULL,
    execution_id uuid        NOT NULL,
    -- microseconds, truncated toward the past; the document keeps nanoseconds
    start_time   timestamptz NOT NULL,
    end_time     timestamptz,
    -- the status kind: Pending, Running, Completed, Failed or Cancelled
    status       text        NOT NULL,
    event_count  integer     NOT NULL,
    -- length of the uncompressed JSON document, in bytes
    size_bytes   bigint      NOT NULL,
    -- every distinct actor id, each preceded by U+0001, for the actor substring filter
    actors       text        NOT NULL,
    -- 'json' or 'zstd+json'
    codec        text        NOT NULL,
    doc          bytea       NOT NULL
);

-- The result order (start_time DESC, trace_id ASC), alone and after each equality filter.
CREATE INDEX traces_start_time_idx   ON traces (start_time DESC, trace_id);
CREATE INDEX traces_flow_id_idx      ON traces (flow_id, start_time DESC, trace_id);
CREATE INDEX traces_execution_id_idx ON traces (execution_id, start_time DESC, trace_id);
CREATE INDEX traces_status_idx       ON traces (status, start_time DESC, trace_id);
