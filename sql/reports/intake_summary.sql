-- Rows per outcome and reason code of one file version (Dagster metadata, error report summary).
select
    outcome,
    coalesce(reason_code, '') as reason_code,
    count(*) as row_count
from intake_outcomes
where source_file = $file_name and file_sha256 = $file_hash
group by outcome, reason_code
order by outcome asc, row_count desc, reason_code asc
