-- Every loaded RVU release, oldest first (medpay status, the refresh's "already loaded" test).
select
    release_id,
    effective_from,
    is_correction,
    released_on,
    loaded_at,
    rows_loaded,
    rows_rejected
from releases
order by effective_from, is_correction, release_id
