-- OPPSCAP amounts of one code (every modifier row) for one carrier and locality.
select
    modifier,
    proc_status,
    facility_price,
    nonfacility_price
from opps_cap
where
    release_id = $release_id
    and hcpcs = $hcpcs
    and mac = $mac
    and locality = $locality
