-- PTP edits loaded per source file of one quarter (to reconcile the counts of each file).
select
    source_file,
    count(*) as rows_loaded
from ncci_ptp
where quarter = $quarter
group by source_file;
