-- Reflow puts no limit on a flow id's length, but a btree entry holds at most about 2.7 KB, so a
-- trace with a 2,700-character flow id could not be stored ("index row size exceeds btree
-- maximum"), nor one with a 1 MB flow id. The index now holds the flow id's first 256 characters
-- (at most 1 KB in UTF-8, whatever the length); a flow query finds its candidates through it with
-- left(flow_id, 256) = left(:flow_id, 256) and stays exact with flow_id = :flow_id. For flow ids of
-- up to 256 characters, which is nearly all of them, the index is exactly as selective as before.
DROP INDEX traces_flow_id_idx;
CREATE INDEX traces_flow_id_prefix_idx ON traces (left(flow_id, 256), start_time DESC, trace_id);
