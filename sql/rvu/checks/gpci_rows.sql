-- The gpci rows of one release, as validated by the GX suite expectations/gpci.json.
select *
from gpci
where release_id = $release_id
