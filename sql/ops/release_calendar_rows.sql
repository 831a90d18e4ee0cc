-- The calendar as built (materialization preview).
select
    release_id,
    effective_from,
    effective_to,
    is_correction,
    superseded_by
from release_calendar
order by effective_from, is_correction, release_id
