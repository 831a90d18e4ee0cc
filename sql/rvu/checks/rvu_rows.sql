-- The rvu rows of one release plus each total's gap to the sum of its components (GX: within 0.01).
select
    *,
    total_nonfacility_rvu - (work_rvu + pe_nonfacility_rvu + mp_rvu) as total_nonfacility_gap,
    total_facility_rvu - (work_rvu + pe_facility_rvu + mp_rvu) as total_facility_gap
from rvu
where release_id = $release_id
