-- The RVU release that governs dates of service on $on_date for PPRRVU track $track ('NONQPP' or
-- 'QPP'): the release_calendar row whose [effective_from, effective_to) holds the date (a CY2025
-- release never governs 2026 services; on the same effective date a correction wins). The single
-- implementation: ops' release_in_effect and pricing's choose_release both run this file.
select
    release_id,
    effective_from,
    is_correction
from release_calendar
where
    track = $track
    and effective_from <= $on_date
    and $on_date < effective_to
order by effective_from desc, is_correction desc, release_id desc
limit 1
