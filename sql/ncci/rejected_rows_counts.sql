-- Rejected rows per source file of one quarter and kind (reason codes prefixed 'ptp.' or 'mue.').
select
    source_file,
    count(*) as rows_rejected
from rejected_rows
where domain = 'ncci' and partition_key = $quarter and starts_with(reason_code, $prefix)
group by source_file;
