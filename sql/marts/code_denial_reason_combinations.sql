-- Reports per (code, full set of reason codes on the report): which codes occur together.
-- Stored counts plus the new reports' counts (refresh/marts_lists.sql); shares of the code's reports.
insert into code_denial_reason_combinations
with delta as (
    select
        hcpcs,
        array_to_string(carc_set || rarc_set, '+') as combination,
        carc_set || rarc_set as reasons,
        report_count
    from marts_lists
),

merged as (
    select
        hcpcs,
        combination,
        reasons,
        report_count
    from kept_code_denial_reason_combinations
    union all
    select
        hcpcs,
        combination,
        reasons,
        report_count
    from delta
),

counts as (
    select
        hcpcs,
        combination,
        any_value(reasons) as reasons,
        sum(report_count)::integer as report_count
    from merged
    group by hcpcs, combination
    having sum(report_count) > 0
)

select
    c.hcpcs,
    c.combination,
    c.reasons,
    len(c.reasons) as reason_count,
    c.report_count,
    c.report_count / t.report_count as share
from counts as c
inner join code_denial_stats as t on c.hcpcs = t.hcpcs
