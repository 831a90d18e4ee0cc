-- Tables and views of the connected warehouse (status and freshness skip what does not exist yet):
-- its own catalog only (not a run's temp tables, not a DuckLake's metadata catalog).
select table_name
from information_schema.tables
where table_schema = 'main' and table_catalog = current_database()
