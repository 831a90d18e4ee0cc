-- Near-duplicate candidates against the already counted reports: new reports whose hash matches
-- one of an old report of the same code (only run when a code is added to).
insert into marts_dup_keys
with new_keys as (
    select
        hash(
            hcpcs, contributor_id, payer_type, state, denial_month, place_of_service, appeal_status,
            appeal_strategy, len(carc), len(rarc), len(modifiers)
        ) as near_key
    from marts_new
),

old_keys as (
    select
        hash(
            hcpcs, contributor_id, payer_type, state, denial_month, place_of_service, appeal_status,
            appeal_strategy, len(carc), len(rarc), len(modifiers)
        ) as near_key
    from marts_old
)

select distinct near_key
from old_keys
where near_key in (select n.near_key from new_keys as n)
