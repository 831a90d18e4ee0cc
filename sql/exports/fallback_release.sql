-- Fallback when no loaded release is in effect on $on_date (a CY release governs only its own
-- year): the newest release that took effect before that day, else the first to take effect after.
select release_id
from releases
where nullif(regexp_extract(release_id, '_(QPP|NONQPP)$', 1), '') is distinct from 'QPP'
order by
    effective_from <= $on_date desc,
    abs(effective_from - $on_date) asc,
    is_correction desc,
    release_id desc
limit 1
