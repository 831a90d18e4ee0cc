-- Near-duplicate candidates among the new reports: a hash of the scalar fields (with the lowest and
-- highest CARC and RARC, which a repeated code does not change, and the modifier count; intake
-- refuses repeated modifiers) that two or more new reports share. The hash only narrows;
-- scope/marts_dups.sql compares the full key, so a collision never merges two reports.
create or replace temp table marts_dup_keys as
select
    hash(
        hcpcs, contributor_id, payer_type, state, denial_month, place_of_service, appeal_status,
        appeal_strategy, list_min(carc), list_max(carc), list_min(rarc), list_max(rarc),
        len(modifiers)
    ) as near_key
from marts_new
group by near_key
having count(*) > 1
