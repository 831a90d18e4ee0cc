-- Counted reports per (code, denial month): the stored counts plus the new reports' counts.
insert into code_denial_months
with delta as (
    select
        hcpcs,
        denial_month,
        sum(weight) as report_count
    from marts_counted
    group by hcpcs, denial_month
),

merged as (
    select
        hcpcs,
        denial_month,
        report_count
    from kept_code_denial_months
    union all
    select
        hcpcs,
        denial_month,
        report_count
    from delta
)

select
    hcpcs,
    denial_month,
    sum(report_count)::integer as report_count
from merged
group by hcpcs, denial_month
having sum(report_count) > 0
