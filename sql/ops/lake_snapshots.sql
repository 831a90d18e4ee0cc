-- DuckLake backend: every committed snapshot of the warehouse, oldest first, with its commit message
-- and info (run id, export build); the catalog is the connection's default (`wh`).
select
    snapshot_id,
    snapshot_time::varchar as committed_at,
    commit_message,
    commit_extra_info
from ducklake_snapshots(current_database())
order by snapshot_id
