-- Reports per (code, calendar quarter of the denial month), e.g. 2025Q3, from the monthly counts.
insert into code_denial_trend
select
    hcpcs,
    strftime(date_trunc('quarter', denial_month), '%Y') || 'Q' || quarter(denial_month) as quarter,
    date_trunc('quarter', denial_month)::date as quarter_start,
    sum(report_count)::integer as report_count
from code_denial_months
where hcpcs in (select s.hcpcs from marts_scope as s)
group by all
