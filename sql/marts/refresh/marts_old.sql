-- Already counted reports of the codes that new reports are added to (their near-duplicate
-- candidates), named like marts_new. Empty on a full rebuild.
create or replace temp view marts_old as
select
    r.report_id,
    r.accepted_at,
    r.hcpcs,
    r.contributor_id,
    r.payer_type,
    r.state,
    r.denial_month,
    r.carc,
    r.rarc,
    r.modifiers,
    coalesce(r.place_of_service, 'unknown') as place_of_service,
    coalesce(r.appeal_status, 'unknown') as appeal_status,
    coalesce(r.appeal_strategy, 'unspecified') as appeal_strategy
from reports as r
inner join marts_scope as s on r.hcpcs = s.hcpcs
where s.mode = 'add' and r.accepted_at <= s.built_until
