-- Assessed sources (asset check and materialization metadata).
select
    source,
    current_item,
    expected,
    age_days,
    stale,
    message
from data_freshness
order by source
