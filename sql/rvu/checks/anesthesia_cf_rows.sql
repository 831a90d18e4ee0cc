-- The anesthesia_cf rows of one release, as validated by the GX suite expectations/anesthesia_cf.json.
select *
from anesthesia_cf
where release_id = $release_id
