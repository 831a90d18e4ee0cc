-- Reports per (code, appeal status, appeal strategy): 'unknown' status = the report says nothing
-- about an appeal, 'unspecified' strategy = none given.
insert into code_denial_appeals
select
    hcpcs,
    appeal_status,
    appeal_strategy,
    count(*) as report_count
from marts_counted
group by hcpcs, appeal_status, appeal_strategy
