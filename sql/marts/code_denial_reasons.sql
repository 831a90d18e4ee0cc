-- Reports per (code, reason): CARC with its group code and X12 description, RARC likewise.
-- A code listed twice on one report counts once for it.
insert into code_denial_reasons
with carc_mentions as (
    select
        hcpcs,
        carc,
        unnest(carc) as reason,
        generate_subscripts(carc, 1) as pos
    from marts_counted
),

rarc_mentions as (
    select
        hcpcs,
        rarc,
        unnest(rarc) as reason,
        generate_subscripts(rarc, 1) as pos
    from marts_counted
),

mentions as (
    select
        hcpcs,
        'CARC' as reason_type,
        reason
    from carc_mentions
    where list_position(carc, reason) = pos
    union all
    select
        hcpcs,
        'RARC' as reason_type,
        reason
    from rarc_mentions
    where list_position(rarc, reason) = pos
),

counts as (
    select
        hcpcs,
        reason_type,
        reason,
        count(*) as report_count
    from mentions
    group by hcpcs, reason_type, reason
),

totals as (
    select
        hcpcs,
        count(*) as report_count
    from marts_counted
    group by hcpcs
),

final as (
    select
        c.hcpcs,
        c.reason_type,
        c.reason,
        case when c.reason_type = 'CARC' then split_part(c.reason, '-', 1) end as group_code,
        case when c.reason_type = 'CARC' then split_part(c.reason, '-', 2) else c.reason end as code,
        c.report_count,
        c.report_count / t.report_count as share
    from counts as c
    inner join totals as t on c.hcpcs = t.hcpcs
)

select
    f.hcpcs,
    f.reason_type,
    f.reason,
    f.group_code,
    f.code,
    x.description,
    f.report_count,
    f.share
from final as f
left join x12_codes as x on f.reason_type = x.code_type and f.code = x.code
