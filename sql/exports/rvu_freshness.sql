-- Whether the RVU release in effect is the one CMS's calendar expects today (ops data_freshness).
select
    as_of,
    current_item,
    expected,
    stale,
    message
from data_freshness
where source = 'rvu'
