-- The largest codes, for the materialization preview (unsuppressed: stays in the Dagster UI).
select
    hcpcs,
    report_count,
    contributor_count,
    near_duplicates,
    published,
    withheld_reason,
    reports_needed
from code_denial_stats
order by report_count desc, hcpcs asc
limit 5
