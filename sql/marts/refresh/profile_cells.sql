-- Unsuppressed cells of every published code in scope, one row per (code, breakdown, key), in the
-- shape pipelines/marts/profile.py suppresses (in any order: it sorts each breakdown itself).
-- Reason combinations beyond the top $max_combinations (or under $min_cell reports) are pooled
-- into one 'other' cell.
with published as (
    select hcpcs
    from code_denial_stats
    where published and hcpcs in (select s.hcpcs from marts_scope as s)
),

reasons as (
    select
        hcpcs,
        case when reason_type = 'CARC' then 'top_reasons' else 'top_remarks' end as breakdown,
        reason as key,
        description as label,
        report_count as n
    from code_denial_reasons
    where hcpcs in (select p.hcpcs from published as p)
),

breakdowns as (
    select
        hcpcs,
        'by_' || dimension as breakdown,
        value as key,
        null as label,
        report_count as n
    from code_denial_breakdowns
    where hcpcs in (select p.hcpcs from published as p)
),

trend as (
    select
        hcpcs,
        'by_quarter' as breakdown,
        quarter as key,
        null as label,
        report_count as n
    from code_denial_trend
    where hcpcs in (select p.hcpcs from published as p)
),

appeals as (
    select
        hcpcs,
        appeal_status,
        appeal_strategy,
        report_count,
        case
            when appeal_status in ('pending', 'won', 'partially_won', 'lost') then 'appealed' else appeal_status
        end as appeal_state
    from code_denial_appeals
    where hcpcs in (select p.hcpcs from published as p)
),

appeal_cells as (
    select
        hcpcs,
        'appeal_status' as breakdown,
        appeal_state as key,
        null as label,
        sum(report_count) as n
    from appeals
    group by hcpcs, appeal_state
    union all
    select
        hcpcs,
        'appeal_outcomes' as breakdown,
        appeal_status as key,
        null as label,
        sum(report_count) as n
    from appeals
    where appeal_state = 'appealed'
    group by hcpcs, appeal_status
    union all
    select
        hcpcs,
        'appeal_strategies' as breakdown,
        appeal_strategy as key,
        null as label,
        sum(report_count) as n
    from appeals
    where appeal_status in ('won', 'partially_won')
    group by hcpcs, appeal_strategy
),

ranked_combinations as (
    select
        hcpcs,
        combination,
        report_count,
        row_number() over (partition by hcpcs order by report_count desc, combination asc) as rank
    from code_denial_reason_combinations
    where hcpcs in (select p.hcpcs from published as p)
),

combinations as (
    select
        hcpcs,
        'reason_combinations' as breakdown,
        case
            when rank <= $max_combinations and report_count >= $min_cell then combination else 'other'
        end as key,
        null as label,
        sum(report_count) as n
    from ranked_combinations
    group by all
),

final as (
    select * from reasons
    union all
    select * from breakdowns
    union all
    select * from trend
    union all
    select * from appeal_cells
    union all
    select * from combinations
)

select
    hcpcs,
    breakdown,
    key,
    label,
    n::integer as n
from final
