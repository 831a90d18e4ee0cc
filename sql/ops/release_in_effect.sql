-- The RVU release that governs dates of service on $on_date for PPRRVU track $track ('NONQPP' or
-- 'QPP'; from 2026 CMS publishes one file per track, ids RVU26A_NONQPP / RVU26A_QPP, earlier
-- releases serve both): the latest release of that calendar year effective by then (a CY2025
-- release never governs 2026 services); on the same effective date a correction (RVU25AR) wins.
-- Same rule as the release_calendar view and pricing's choose_release, on the releases table.
with tracked as (
    select
        release_id,
        effective_from,
        is_correction,
        year,
        nullif(regexp_extract(release_id, '_(QPP|NONQPP)$', 1), '') as variant
    from releases
)

select
    release_id,
    effective_from,
    is_correction
from tracked
where
    effective_from <= $on_date
    and year = year($on_date)
    and (variant is null or variant = $track)
order by effective_from desc, is_correction desc, release_id desc
limit 1
