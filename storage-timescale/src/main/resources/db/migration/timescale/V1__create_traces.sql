-- The PostgreSQL backend's traces table (see storage-postgres), keyed as a TimescaleDB hypertable
-- must be: every unique key includes the partitioning column, so the key is (trace_id,
-- start_time) and get/delete use the trace_id index. The table becomes a hypertable after this
-- migration, in Java, because that depends on the extension being available and on configuration.
CREATE TABLE traces (
    trace_id     uuid        NOT NULL,
    flow_id      text        NOT NULL,
    execution_id uuid        NOT NULL,
    -- microseconds, truncated toward the past; the document keeps nanoseconds. Partitioning column.
    start_time   timestamptz NOT NULL,
    end_time     timestamptz,
    status       text        NOT NULL,
    event_count  integer     NOT NULL,
    size_bytes   bigint      NOT NULL,
    actors       text        NOT NULL,
    codec        text        NOT NULL,
    doc          bytea       NOT NULL,
    PRIMARY KEY (trace_id, start_time)
);

CREATE INDEX traces_trace_id_idx     ON traces (trace_id);
CREATE INDEX traces_start_time_idx   ON traces (start_time DESC, trace_id);
CREATE INDEX traces_flow_id_idx      ON traces (flow_id, start_time DESC, trace_id);
CREATE INDEX traces_execution_id_idx ON traces (execution_id, start_time DESC, trace_id);
CREATE INDEX traces_status_idx       ON traces (status, start_time DESC, trace_id);
