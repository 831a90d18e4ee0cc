-- Near-duplicate candidates among the new reports: a hash of the scalar fields (and list lengths)
-- that two or more new reports share. The hash only narrows; scope/marts_dups.sql compares the
-- full key, so a collision never merges two reports.
create or replace temp table marts_dup_keys as
select
    hash(
        hcpcs, contributor_id, payer_type, state, denial_month, place_of_service, appeal_status,
        appeal_strategy, len(carc), len(rarc), len(modifiers)
    ) as near_key
from marts_new
group by near_key
having count(*) > 1
