-- The RVU release that governs dates of service on $on_date: the latest release effective by then;
-- on the same effective date a correction (RVU25AR) wins over the release it corrects.
-- Same rule as the release_calendar view, on the releases table (works before the view exists).
select
    release_id,
    effective_from,
    is_correction
from releases
where effective_from <= $on_date
order by effective_from desc, is_correction desc, release_id desc
limit 1
