-- The counts to add: +1 per new report, -1 per new near-duplicate (a copy counts once). Every mart
-- sums `weight`, so a near-duplicate is taken back out without joining millions of report ids.
create or replace temp view marts_counted as
select
    hcpcs,
    contributor_id,
    payer_type,
    state,
    denial_month,
    carc,
    rarc,
    modifiers,
    place_of_service,
    appeal_status,
    appeal_strategy,
    1 as weight
from marts_new
union all
select
    hcpcs,
    contributor_id,
    payer_type,
    state,
    denial_month,
    carc,
    rarc,
    modifiers,
    place_of_service,
    appeal_status,
    appeal_strategy,
    -1 as weight
from marts_dups
