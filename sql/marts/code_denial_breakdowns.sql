-- Reports per (code, dimension, value) for payer type, modifier ('none' = no modifier; a report
-- with two modifiers counts under each), place of service ('unknown' = not given) and state.
insert into code_denial_breakdowns
with cells as (
    select
        hcpcs,
        'payer_type' as dimension,
        payer_type as value
    from marts_counted
    union all
    select
        hcpcs,
        'modifier' as dimension,
        unnest(case when len(modifiers) = 0 then ['none'] else list_distinct(modifiers) end) as value
    from marts_counted
    union all
    select
        hcpcs,
        'place_of_service' as dimension,
        place_of_service as value
    from marts_counted
    union all
    select
        hcpcs,
        'state' as dimension,
        state as value
    from marts_counted
),

counts as (
    select
        hcpcs,
        dimension,
        value,
        count(*) as report_count
    from cells
    group by hcpcs, dimension, value
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
    c.dimension,
    c.value,
    c.report_count,
    c.report_count / t.report_count as share
from counts as c
inner join totals as t on c.hcpcs = t.hcpcs
