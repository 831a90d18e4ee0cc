-- Near-identical reports of one contributor (same code, reason codes, remark codes, modifiers,
-- payer type, state, denial month, place of service, appeal status and strategy; list order
-- ignored): all but the first accepted one are recorded here and not counted. The hash only
-- narrows the candidates; the window compares the full key, so a collision never merges reports.
insert into code_denial_near_duplicates
with keyed as (
    select
        report_id,
        accepted_at,
        hcpcs,
        contributor_id,
        payer_type,
        state,
        denial_month,
        place_of_service,
        appeal_status,
        appeal_strategy,
        list_sort(carc) as carc_key,
        list_sort(rarc) as rarc_key,
        list_sort(modifiers) as modifier_key
    from marts_reports
),

hashed as (
    select
        *,
        hash(
            contributor_id, carc_key, rarc_key, modifier_key, payer_type, state,
            denial_month, place_of_service, appeal_status, appeal_strategy
        ) as near_key
    from keyed
),

candidates as (
    select
        hcpcs,
        near_key
    from hashed
    group by hcpcs, near_key
    having count(*) > 1
),

members as (
    select
        m.report_id,
        m.hcpcs,
        first_value(m.report_id) over (
            partition by
                m.hcpcs, m.contributor_id, m.carc_key, m.rarc_key, m.modifier_key, m.payer_type,
                m.state, m.denial_month, m.place_of_service, m.appeal_status, m.appeal_strategy
            order by m.accepted_at, m.report_id
        ) as near_duplicate_of
    from hashed as m
    inner join candidates as c on m.hcpcs = c.hcpcs and m.near_key = c.near_key
)

select
    report_id,
    hcpcs,
    near_duplicate_of
from members
where report_id != near_duplicate_of
