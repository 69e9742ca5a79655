-- storage.postgres.distribution = citus: makes traces a Citus distributed table on trace_id.
-- Repeatable (Flyway runs it after the versioned migrations, on the first open with Citus and
-- again whenever its text or ${shard_count} changes) and idempotent: a table that is already
-- distributed is left as it is, whatever its shard count (PgDistribution warns when that differs
-- from the configuration; alter_distributed_table changes it, see docs/storage/citus.md).
--
-- Why trace_id: every write (an upsert), get and delete names one trace id, so each is routed to
-- one shard; its primary key is trace_id alone, and Citus requires every unique constraint to
-- contain the distribution column. Queries have no trace id and run on every shard in parallel.
-- traces is the only table this backend keeps (Flyway's history stays a local table on the
-- coordinator), so it is colocated with nothing; a future table keyed by trace_id must be
-- distributed with colocate_with => 'traces' so that joins on trace_id stay on one shard.
--
-- Unqualified names resolve in the configured schema (Flyway sets the search path); Citus' own
-- catalog (pg_dist_partition) and functions live in pg_catalog, searched first.
DO $distribute$
DECLARE
  had_rows boolean;
BEGIN
  IF to_regclass('pg_dist_partition') IS NULL THEN
    RAISE EXCEPTION 'storage.postgres.distribution = citus, but the citus extension is not installed in database %', current_database()
      USING HINT = 'On the coordinator: CREATE EXTENSION citus (citus must be in shared_preload_libraries), then add the workers with citus_add_node; or set distribution = none.';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'traces'::regclass) THEN
    had_rows := EXISTS (SELECT 1 FROM traces);
    IF '${shard_count}' = 'default' THEN
      PERFORM create_distributed_table('traces', 'trace_id');
    ELSE
      PERFORM create_distributed_table('traces', 'trace_id', shard_count => '${shard_count}'::integer);
    END IF;
    -- A table filled before (distribution = none) was copied into the shards; its rows also
    -- stay in the coordinator's local table, hidden but on disk, until truncated.
    IF had_rows THEN
      PERFORM truncate_local_data_after_distributing_table('traces');
    END IF;
  END IF;
END
$distribute$;
