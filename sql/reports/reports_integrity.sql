-- Whole-table invariants of the accepted reports, across every file ever taken in.
with

orphan_carc as (
    select count(*) as n
    from report_carc as c
    left join reports as r on c.report_id = r.report_id
    where r.report_id is null
),

orphan_rarc as (
    select count(*) as n
    from report_rarc as x
    left join reports as r on x.report_id = r.report_id
    where r.report_id is null
),

totals as (
    select
        count(*) as reports,
        count(*) - count(distinct report_id) as duplicate_report_ids
    from reports
)

select
    totals.duplicate_report_ids,
    orphan_carc.n as orphan_carc_rows,
    orphan_rarc.n as orphan_rarc_rows,
    totals.reports
from totals, orphan_carc, orphan_rarc
