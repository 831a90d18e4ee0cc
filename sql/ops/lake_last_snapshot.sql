-- DuckLake backend: the newest committed snapshot id of the connection's default catalog.
select max(snapshot_id) as snapshot_id
from ducklake_snapshots(current_database())
