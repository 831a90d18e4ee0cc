-- The component rows (-26, -TC, -53) of every code of release $release_id, with their own RVUs.
select
    hcpcs,
    modifier,
    work_rvu,
    pe_nonfacility_rvu,
    pe_facility_rvu,
    mp_rvu,
    total_nonfacility_rvu,
    total_facility_rvu,
    pe_nonfacility_na,
    pe_facility_na
from rvu
where release_id = $release_id and modifier in ('26', 'TC', '53')
order by hcpcs, modifier
