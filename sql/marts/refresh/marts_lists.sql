-- New counts per (code, CARC list, RARC list as received): the one pass over the reports that both
-- the reasons and the reason combinations are derived from. Lists are grouped as '+'-joined text
-- (much faster to hash than lists; exact, since contract codes never contain '+' and are never
-- empty); the distinct, sorted sets are taken on the groups, not on every report. An empty list
-- joins to '' (coalesce: DuckDB 1.4, which the DuckLake backend pins, returns NULL there).
create or replace temp table marts_lists as
with grouped as (
    select
        hcpcs,
        coalesce(array_to_string(carc, '+'), '') as carc_text,
        coalesce(array_to_string(rarc, '+'), '') as rarc_text,
        sum(weight) as report_count
    from marts_counted
    group by hcpcs, carc_text, rarc_text
)

select
    hcpcs,
    list_sort(list_distinct(string_split(carc_text, '+'))) as carc_set,
    case
        when rarc_text = '' then []::varchar[]
        else list_sort(list_distinct(string_split(rarc_text, '+')))
    end as rarc_set,
    report_count
from grouped
where report_count != 0
