-- Reports per (code, full set of reason codes on the report): which codes occur together.
insert into code_denial_reason_combinations
with combos as (
    select
        hcpcs,
        list_sort(list_distinct(carc_key)) || list_sort(list_distinct(rarc_key)) as reasons
    from marts_counted
),

counts as (
    select
        hcpcs,
        reasons,
        count(*) as report_count
    from combos
    group by hcpcs, reasons
),

totals as (
    select
        hcpcs,
        count(*) as report_count
    from marts_counted
    group by hcpcs
)

select
    c.hcpcs,
    array_to_string(c.reasons, '+') as combination,
    c.reasons,
    len(c.reasons) as reason_count,
    c.report_count,
    c.report_count / t.report_count as share
from counts as c
inner join totals as t on c.hcpcs = t.hcpcs
