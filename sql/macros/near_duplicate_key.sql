-- Near-duplicate key of a report row `r` (marts_new, marts_old_candidates: called as near_duplicate_key(table or alias)):
-- a hash of the scalar fields, the lowest and highest CARC and RARC (a repeated code does not
-- change them) and the modifier count (intake refuses repeated modifiers). The hash only narrows
-- the candidates; sql/marts/refresh/marts_dups.sql compares the full key, so a collision never
-- merges two reports. A temp macro: it lives for the refresh's connection, not in the warehouse.
create or replace temp macro near_duplicate_key(r) as
hash(
    r.hcpcs, r.contributor_id, r.payer_type, r.state, r.denial_month, r.place_of_service, r.appeal_status,
    r.appeal_strategy, list_min(r.carc), list_max(r.carc), list_min(r.rarc), list_max(r.rarc),
    len(r.modifiers)
);
