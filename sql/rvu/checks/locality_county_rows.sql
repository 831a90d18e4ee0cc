-- The locality_county rows of one release, with the (MAC, locality) pair the locality count is taken on.
select
    *,
    mac || '-' || locality as mac_locality
from locality_county
where release_id = $release_id
