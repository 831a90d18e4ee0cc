-- Tables and views of the connected warehouse (status and freshness skip what does not exist yet).
select table_name
from information_schema.tables
where table_schema = 'main'
