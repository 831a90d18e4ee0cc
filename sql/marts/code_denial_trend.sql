-- Reports per (code, calendar quarter of the denial month), e.g. 2025Q3.
insert into code_denial_trend
select
    hcpcs,
    strftime(date_trunc('quarter', denial_month), '%Y') || 'Q' || quarter(denial_month) as quarter,
    date_trunc('quarter', denial_month)::date as quarter_start,
    count(*) as report_count
from marts_counted
group by all
