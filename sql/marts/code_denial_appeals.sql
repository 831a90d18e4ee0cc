-- Reports per (code, appeal status, appeal strategy): 'unknown' status = the report says nothing
-- about an appeal, 'unspecified' strategy = none given. Stored counts plus the new reports' counts.
insert into code_denial_appeals
with delta as (
    select
        hcpcs,
        appeal_status,
        appeal_strategy,
        sum(weight) as report_count
    from marts_counted
    group by hcpcs, appeal_status, appeal_strategy
),

merged as (
    select
        hcpcs,
        appeal_status,
        appeal_strategy,
        report_count
    from kept_code_denial_appeals
    union all
    select
        hcpcs,
        appeal_status,
        appeal_strategy,
        report_count
    from delta
)

select
    hcpcs,
    appeal_status,
    appeal_strategy,
    sum(report_count)::integer as report_count
from merged
group by hcpcs, appeal_status, appeal_strategy
having sum(report_count) > 0
