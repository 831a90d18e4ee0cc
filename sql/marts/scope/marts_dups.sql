-- New reports that are near-identical copies of an earlier report of the same contributor (same
-- code, CARC, RARC and modifier lists in any order, payer type, state, denial month, place of
-- service, appeal status and strategy): the first accepted one (ties by report_id) counts, the
-- others are kept here with their fields so every mart can take them back out of its counts.
-- A cheap hash of the scalar fields only narrows the candidates (it must match another new
-- report, or an already counted report of a code being added to); the window compares the full
-- key, so a hash collision never merges two reports.
create or replace temp table marts_dups as
with new_keys as (
    select
        *,
        hash(
            hcpcs, contributor_id, payer_type, state, denial_month, place_of_service, appeal_status,
            appeal_strategy, len(carc), len(rarc), len(modifiers)
        ) as near_key
    from marts_new
),

old_reports as (
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
    where s.mode = 'add' and r.accepted_at <= s.built_until
),

old_keys as (
    select
        *,
        hash(
            hcpcs, contributor_id, payer_type, state, denial_month, place_of_service, appeal_status,
            appeal_strategy, len(carc), len(rarc), len(modifiers)
        ) as near_key
    from old_reports
),

repeated as (
    select near_key
    from new_keys
    group by near_key
    having count(*) > 1
),

candidates as (
    select
        *,
        true as is_new
    from new_keys
    where
        near_key in (select r.near_key from repeated as r)
        or near_key in (select o.near_key from old_keys as o)
    union all
    select
        *,
        false as is_new
    from old_keys
    where near_key in (select n.near_key from new_keys as n)
),

members as (
    select
        *,
        first_value(report_id) over (
            partition by
                hcpcs, contributor_id, list_sort(carc), list_sort(rarc), list_sort(modifiers), payer_type,
                state, denial_month, place_of_service, appeal_status, appeal_strategy
            order by accepted_at, report_id
        ) as near_duplicate_of
    from candidates
)

select * exclude (near_key, is_new)
from members
where is_new and report_id != near_duplicate_of
