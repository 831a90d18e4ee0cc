-- Accepted reports of the codes in scope, as every mart reads them: absent values named and the
-- near-duplicate key hashed (list fields sorted, so order as received does not matter). A view:
-- copying millions of rows costs more than recomputing these cheap expressions per mart.
create or replace temp view marts_reports as
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
where r.hcpcs in (select s.hcpcs from marts_scope as s)
