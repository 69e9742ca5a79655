-- trace_actors keyed in the result order (start_time DESC, trace_id) instead of by trace_id.
--
-- Every query walks an index in (start_time DESC, trace_id) order and, with an actor filter,
-- probes trace_actors for each trace it passes. Keyed by trace_id (a random UUID), those probes
-- land on random pages of a table of about 150 bytes per trace: once it outgrows the page cache
-- (2 MB by default, about 13,000 traces), each probe can read a page from the file, and the
-- query slowed down with the table size (1.4x to 1.8x from 10k to 1M traces). Keyed in the
-- result order, consecutive probes read consecutive rows of the same few pages, whatever the
-- table size. Measured on the 1M benchmark data set: the page-cache misses of a repeated actor
-- query went from 895 (one trace in five matching) to none.
--
-- The foreign key moves to (start_time, trace_id), so idx_traces_start becomes UNIQUE (trace_id
-- alone is unique, so no existing row can violate it): the cascade finds a trace's actor rows by
-- their primary key, and an upsert that changes a trace's start_time carries its actor rows
-- along (ON UPDATE CASCADE).
--
-- Converting an existing file reads every trace once in index order and rewrites the actor rows
-- (about 2 minutes for 1M traces on a loaded 2-core machine; see docs/storage/sqlite.md).
DROP INDEX idx_traces_start;
CREATE UNIQUE INDEX idx_traces_start ON traces (start_time DESC, trace_id);

CREATE TABLE trace_actors_by_time (
    start_time INTEGER NOT NULL,
    trace_id   TEXT    NOT NULL,
    actor_id   TEXT    NOT NULL,
    PRIMARY KEY (start_time DESC, trace_id, actor_id),
    FOREIGN KEY (start_time, trace_id) REFERENCES traces (start_time, trace_id)
        ON DELETE CASCADE ON UPDATE CASCADE
) WITHOUT ROWID;

-- In primary-key order, so the new table is written by appending.
INSERT INTO trace_actors_by_time (start_time, trace_id, actor_id)
SELECT t.start_time, t.trace_id, a.actor_id
FROM traces t INDEXED BY idx_traces_start
JOIN trace_actors a ON a.trace_id = t.trace_id
ORDER BY t.start_time DESC, t.trace_id, a.actor_id;

DROP TABLE trace_actors;
ALTER TABLE trace_actors_by_time RENAME TO trace_actors;
