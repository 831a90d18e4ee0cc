-- One row per code in scope: unsuppressed counts, contributor dominance and the publication decision.
insert into code_denial_stats
with accepted as (
    select
        hcpcs,
        count(*) as accepted_reports,
        max(accepted_at) as last_accepted_at
    from marts_reports
    group by hcpcs
),

per_contributor as (
    select
        hcpcs,
        contributor_id,
        count(*) as reports
    from marts_counted
    group by hcpcs, contributor_id
),

contributors as (
    select
        hcpcs,
        count(*) as contributor_count,
        max(reports) as top_contributor_reports
    from per_contributor
    group by hcpcs
),

per_month as (
    select
        hcpcs,
        denial_month,
        count(*) as reports
    from marts_counted
    group by hcpcs, denial_month
),

-- the period shown is bounded by the min_cell-th earliest and latest reports, never one report
cumulative as (
    select
        hcpcs,
        denial_month,
        sum(reports) over (partition by hcpcs order by denial_month) as from_start,
        sum(reports) over (partition by hcpcs order by denial_month desc) as from_end
    from per_month
),

period as (
    select
        hcpcs,
        min(denial_month) as first_denial_month,
        max(denial_month) as last_denial_month,
        coalesce(min(denial_month) filter (where from_start >= $min_cell), max(denial_month)) as period_from,
        coalesce(max(denial_month) filter (where from_end >= $min_cell), min(denial_month)) as period_to
    from cumulative
    group by hcpcs
),

counted as (
    select
        hcpcs,
        count(*) as report_count,
        count(*) filter (where appeal_status in ('pending', 'won', 'partially_won', 'lost')) as appealed,
        count(*) filter (where appeal_status = 'won') as won,
        count(*) filter (where appeal_status = 'partially_won') as partially_won,
        count(*) filter (where appeal_status = 'lost') as lost,
        count(*) filter (where appeal_status = 'pending') as pending
    from marts_counted
    group by hcpcs
),

joined as (
    select
        a.hcpcs,
        a.accepted_reports,
        a.last_accepted_at,
        c.report_count,
        c.appealed,
        c.won,
        c.partially_won,
        c.lost,
        c.pending,
        k.contributor_count,
        k.top_contributor_reports,
        p.first_denial_month,
        p.last_denial_month,
        p.period_from,
        p.period_to
    from accepted as a
    inner join counted as c on a.hcpcs = c.hcpcs
    inner join contributors as k on a.hcpcs = k.hcpcs
    inner join period as p on a.hcpcs = p.hcpcs
),

decided as (
    select
        *,
        accepted_reports - report_count as near_duplicates,
        top_contributor_reports / report_count as top_contributor_share,
        case
            when report_count < $min_reports then 'below_threshold'
            when contributor_count < $min_contributors then 'too_few_contributors'
            when top_contributor_reports > $max_contributor_share * report_count then 'contributor_dominance'
        end as withheld_reason,
        greatest(
            0,
            $min_reports - report_count,
            $min_contributors - contributor_count,
            case
                when top_contributor_reports > $max_contributor_share * report_count
                    then ceil(top_contributor_reports / $max_contributor_share - report_count - 1e-9)
                else 0
            end
        )::integer as reports_needed
    from joined
)

select
    hcpcs,
    accepted_reports,
    near_duplicates,
    report_count,
    contributor_count,
    top_contributor_reports,
    top_contributor_share,
    first_denial_month,
    last_denial_month,
    period_from,
    period_to,
    appealed,
    won,
    partially_won,
    lost,
    pending,
    (won + partially_won) / nullif(won + partially_won + lost, 0) as success_rate,
    withheld_reason is null as published,
    withheld_reason,
    reports_needed,
    $min_reports as threshold,
    last_accepted_at
from decided
