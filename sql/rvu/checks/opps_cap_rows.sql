-- The opps_cap rows of one release, as validated by the GX suite expectations/opps_cap.json.
select *
from opps_cap
where release_id = $release_id
