-- The per-code facts the profile builder needs, for every code in scope with a report.
select
    hcpcs,
    published,
    threshold,
    report_count,
    reports_needed,
    contributor_count,
    strftime(period_from, '%Y-%m') as period_from,
    strftime(period_to, '%Y-%m') as period_to
from code_denial_stats
where hcpcs in (select s.hcpcs from marts_scope as s)
order by hcpcs
