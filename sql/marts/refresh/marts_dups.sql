-- New reports that are near-identical copies of an earlier report of the same contributor (same
-- code, same SETS of CARCs, RARCs and modifiers: order and repeats ignored; payer type, state,
-- denial month, place of service, appeal status and strategy): the first accepted one (ties by
-- report_id) counts, the others are kept here with their fields so every mart can take them back
-- out of its counts. Only candidates (refresh/marts_dup_keys.sql) are compared, on the full key.
create or replace temp table marts_dups as
with candidates as (
    select
        *,
        true as is_new
    from marts_new
    where near_duplicate_key(marts_new) in (select k.near_key from marts_dup_keys as k)
    union all
    select
        *,
        false as is_new
    from marts_old_candidates
    where near_duplicate_key(marts_old_candidates) in (select k.near_key from marts_dup_keys as k)
),

members as (
    select
        *,
        first_value(report_id) over (
            partition by
                hcpcs, contributor_id, list_sort(list_distinct(carc)), list_sort(list_distinct(rarc)),
                list_sort(modifiers), payer_type, state, denial_month, place_of_service, appeal_status,
                appeal_strategy
            order by accepted_at, report_id
        ) as near_duplicate_of
    from candidates
)

select * exclude (is_new)
from members
where is_new and report_id != near_duplicate_of
