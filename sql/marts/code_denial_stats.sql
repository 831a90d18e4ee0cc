-- One row per code in scope: unsuppressed counts, contributor dominance and the publication decision,
-- from the per-contributor, per-month and appeal counts (already up to date for the scope).
insert into code_denial_stats
with contributors as (
    select
        hcpcs,
        count(*) as contributor_count,
        max(report_count) as top_contributor_reports
    from code_denial_contributors
    where hcpcs in (select s.hcpcs from marts_scope as s)
    group by hcpcs
),

per_month as (
    select
        hcpcs,
        denial_month,
        report_count as reports
    from code_denial_months
    where hcpcs in (select s.hcpcs from marts_scope as s)
),

-- the period shown is bounded by the min_cell-th earliest and latest reports, never one report
cumulative as (
    select
        hcpcs,
        denial_month,
        reports,
        sum(reports) over (partition by hcpcs order by denial_month) as from_start,
        sum(reports) over (partition by hcpcs order by denial_month desc) as from_end
    from per_month
),

period as (
    select
        hcpcs,
        sum(reports) as report_count,
        min(denial_month) as first_denial_month,
        max(denial_month) as last_denial_month,
        coalesce(min(denial_month) filter (where from_start >= $min_cell), max(denial_month)) as period_from,
        coalesce(max(denial_month) filter (where from_end >= $min_cell), min(denial_month)) as period_to
    from cumulative
    group by hcpcs
),

appeals as (
    select
        hcpcs,
        coalesce(sum(report_count) filter (where appeal_status in ('pending', 'won', 'partially_won', 'lost')), 0)
            as appealed,
        coalesce(sum(report_count) filter (where appeal_status = 'won'), 0) as won,
        coalesce(sum(report_count) filter (where appeal_status = 'partially_won'), 0) as partially_won,
        coalesce(sum(report_count) filter (where appeal_status = 'lost'), 0) as lost,
        coalesce(sum(report_count) filter (where appeal_status = 'pending'), 0) as pending
    from code_denial_appeals
    where hcpcs in (select s.hcpcs from marts_scope as s)
    group by hcpcs
),

joined as (
    select
        s.hcpcs,
        s.accepted_reports,
        s.last_accepted_at,
        p.report_count::integer as report_count,
        a.appealed::integer as appealed,
        a.won::integer as won,
        a.partially_won::integer as partially_won,
        a.lost::integer as lost,
        a.pending::integer as pending,
        k.contributor_count,
        k.top_contributor_reports,
        p.first_denial_month,
        p.last_denial_month,
        p.period_from,
        p.period_to
    from marts_scope as s
    inner join period as p on s.hcpcs = p.hcpcs
    inner join contributors as k on s.hcpcs = k.hcpcs
    inner join appeals as a on s.hcpcs = a.hcpcs
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
