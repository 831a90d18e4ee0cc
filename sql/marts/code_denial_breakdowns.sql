-- Reports per (code, dimension, value) for payer type, modifier ('none' = no modifier; a report
-- with two modifiers counts under each), place of service ('unknown' = not given) and state.
-- Stored counts plus the new reports' counts; shares of the code's reports. No modifier joins to ''
-- (coalesce: DuckDB 1.4, which the DuckLake backend pins, returns NULL for an empty list).
insert into code_denial_breakdowns
with modifier_lists as (
    select
        hcpcs,
        coalesce(array_to_string(modifiers, '+'), '') as modifier_text,
        sum(weight) as report_count
    from marts_counted
    group by hcpcs, modifier_text
),

delta as (
    select
        hcpcs,
        'payer_type' as dimension,
        payer_type as value,
        sum(weight) as report_count
    from marts_counted
    group by hcpcs, payer_type
    union all
    select
        hcpcs,
        'place_of_service' as dimension,
        place_of_service as value,
        sum(weight) as report_count
    from marts_counted
    group by hcpcs, place_of_service
    union all
    select
        hcpcs,
        'state' as dimension,
        state as value,
        sum(weight) as report_count
    from marts_counted
    group by hcpcs, state
    union all
    select
        hcpcs,
        'modifier' as dimension,
        unnest(
            case when modifier_text = '' then ['none'] else list_distinct(string_split(modifier_text, '+')) end
        ) as value,
        report_count
    from modifier_lists
),

merged as (
    select
        hcpcs,
        dimension,
        value,
        report_count
    from kept_code_denial_breakdowns
    union all
    select
        hcpcs,
        dimension,
        value,
        report_count
    from delta
),

counts as (
    select
        hcpcs,
        dimension,
        value,
        sum(report_count)::integer as report_count
    from merged
    group by hcpcs, dimension, value
    having sum(report_count) > 0
)

select
    c.hcpcs,
    c.dimension,
    c.value,
    c.report_count,
    c.report_count / t.report_count as share
from counts as c
inner join code_denial_stats as t on c.hcpcs = t.hcpcs
