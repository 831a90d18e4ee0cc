-- Loaded releases with which per-release tables they hold (a release may lack GPCI, ANES or OPPSCAP).
with gpci_releases as (
    select distinct release_id from gpci
),

anesthesia_releases as (
    select distinct release_id from anesthesia_cf
),

opps_releases as (
    select distinct release_id from opps_cap
)

select
    r.release_id,
    r.year,
    r.is_correction,
    r.released_on,
    r.effective_from,
    g.release_id is not null as has_gpci,
    a.release_id is not null as has_anesthesia,
    o.release_id is not null as has_opps_cap
from releases as r
left join gpci_releases as g on r.release_id = g.release_id
left join anesthesia_releases as a on r.release_id = a.release_id
left join opps_releases as o on r.release_id = o.release_id
order by r.effective_from, r.is_correction, r.released_on, r.release_id
