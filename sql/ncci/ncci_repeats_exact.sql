-- Exact duplicates (same key and values as an earlier row) per source file, from ncci_repeats.
select
    source_file,
    count(*) as duplicates
from ncci_repeats
where same
group by source_file;
