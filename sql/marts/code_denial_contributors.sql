-- Counted reports per (code, contributor): the stored counts plus the new reports' counts.
insert into code_denial_contributors
with delta as (
    select
        hcpcs,
        contributor_id,
        sum(weight) as report_count
    from marts_counted
    group by hcpcs, contributor_id
),

merged as (
    select
        hcpcs,
        contributor_id,
        report_count
    from kept_code_denial_contributors
    union all
    select
        hcpcs,
        contributor_id,
        report_count
    from delta
)

select
    hcpcs,
    contributor_id,
    sum(report_count)::integer as report_count
from merged
group by hcpcs, contributor_id
having sum(report_count) > 0
