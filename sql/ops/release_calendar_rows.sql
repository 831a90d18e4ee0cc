-- The calendar as built (materialization preview).
select
    track,
    release_id,
    effective_from,
    effective_to,
    is_correction,
    superseded_by
from release_calendar
order by track, effective_from, is_correction, release_id
