-- Reports per (code, reason): CARC with its group code and X12 description, RARC likewise; a code
-- listed twice on one report counts once for it. Stored counts plus the new reports' counts.
insert into code_denial_reasons
with mentions as (
    select
        hcpcs,
        'CARC' as reason_type,
        unnest(carc_set) as reason,
        report_count
    from marts_lists
    union all
    select
        hcpcs,
        'RARC' as reason_type,
        unnest(rarc_set) as reason,
        report_count
    from marts_lists
),

merged as (
    select
        hcpcs,
        reason_type,
        reason,
        report_count
    from kept_code_denial_reasons
    union all
    select
        hcpcs,
        reason_type,
        reason,
        report_count
    from mentions
),

counts as (
    select
        hcpcs,
        reason_type,
        reason,
        sum(report_count)::integer as report_count
    from merged
    group by hcpcs, reason_type, reason
    having sum(report_count) > 0
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
    inner join code_denial_stats as t on c.hcpcs = t.hcpcs
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
