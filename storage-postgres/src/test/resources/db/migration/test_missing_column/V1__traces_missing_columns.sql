-- A layout migration that drifted from the code: most written columns are missing.
-- PostgresTableLayoutTest checks that a storage refuses to open on it.
CREATE TABLE traces (
    trace_id uuid  PRIMARY KEY,
    doc      bytea NOT NULL
);
