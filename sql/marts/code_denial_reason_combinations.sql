-- Reports per (code, full set of reason codes on the report): which codes occur together.
-- Grouped on the sorted lists first; the distinct set is then taken on the (few) groups only.
insert into code_denial_reason_combinations
with grouped as (
    select
        hcpcs,
        list_sort(carc) as carc_key,
        list_sort(rarc) as rarc_key,
        count(*) as report_count
    from marts_counted
    group by all
),

sets as (
    select
        hcpcs,
        list_sort(list_distinct(carc_key)) as carc_set,
        list_sort(list_distinct(rarc_key)) as rarc_set,
        report_count
    from grouped
),

counts as (
    select
        hcpcs,
        carc_set || rarc_set as reasons,
        sum(report_count)::integer as report_count
    from sets
    group by hcpcs, carc_set, rarc_set
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
