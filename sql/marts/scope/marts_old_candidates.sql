-- Already counted reports of the codes being added to whose near-duplicate hash matches a new
-- report's (see scope/marts_dup_keys.sql): the only old reports a new one can be a copy of.
create or replace temp table marts_old_candidates as
with new_keys as (
    select
        hash(
            n.hcpcs, n.contributor_id, n.payer_type, n.state, n.denial_month, n.place_of_service, n.appeal_status,
            n.appeal_strategy, list_min(n.carc), list_max(n.carc), list_min(n.rarc), list_max(n.rarc),
            len(n.modifiers)
        ) as near_key
    from marts_new as n
    where n.hcpcs in (
        select s.hcpcs from marts_scope as s
        where s.mode = 'add'
    )
)

select o.*
from marts_old as o
where
    hash(
        o.hcpcs, o.contributor_id, o.payer_type, o.state, o.denial_month, o.place_of_service, o.appeal_status,
        o.appeal_strategy, list_min(o.carc), list_max(o.carc), list_min(o.rarc), list_max(o.rarc),
        len(o.modifiers)
    ) in (select k.near_key from new_keys as k)
