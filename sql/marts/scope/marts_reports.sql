-- Accepted reports of the codes in scope, normalised once for every mart: list fields sorted (so
-- order as received does not matter), absent values named, and the near-duplicate key hashed.
create or replace temp table marts_reports as
with scoped as (
    select
        r.report_id,
        r.accepted_at,
        r.hcpcs,
        r.contributor_id,
        r.payer_type,
        r.state,
        r.denial_month,
        coalesce(r.place_of_service, 'unknown') as place_of_service,
        coalesce(r.appeal_status, 'unknown') as appeal_status,
        coalesce(r.appeal_strategy, 'unspecified') as appeal_strategy,
        list_sort(r.carc) as carc_key,
        list_sort(r.rarc) as rarc_key,
        list_sort(r.modifiers) as modifier_key
    from reports as r
    where r.hcpcs in (select s.hcpcs from marts_scope as s)
)

select
    *,
    hash(
        contributor_id, carc_key, rarc_key, modifier_key, payer_type, state,
        denial_month, place_of_service, appeal_status, appeal_strategy
    ) as near_key
from scoped
