-- Tables the given release has no file for (empty list when the release is complete).
select missing_tables
from releases
where release_id = $release_id
