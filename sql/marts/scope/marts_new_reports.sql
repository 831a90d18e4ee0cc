-- The accepted reports to add to the marts: every report of a code being rebuilt, only the ones
-- accepted since the last build for a code being added to. Absent values are named here.
create or replace temp view marts_new_reports as
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
where s.mode = 'rebuild' or (s.mode = 'add' and r.accepted_at > s.built_until)
