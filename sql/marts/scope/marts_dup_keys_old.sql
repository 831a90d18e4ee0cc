-- Near-duplicate candidates against the already counted reports (scope/marts_old_candidates.sql).
insert into marts_dup_keys
select distinct
    hash(
        hcpcs, contributor_id, payer_type, state, denial_month, place_of_service, appeal_status,
        appeal_strategy, list_min(carc), list_max(carc), list_min(rarc), list_max(rarc),
        len(modifiers)
    ) as near_key
from marts_old_candidates
