-- Rejected input rows of one partition of any domain (registered as `incoming`: source_file,
-- line_number, raw_line, reason_code, reason), with reasons. NCCI prefixes its reason codes with the
-- kind ('ptp.' / 'mue.'); the other domains pass an empty prefix.
insert into rejected_rows (
    domain, partition_key, source_file, line_number, raw_line, reason_code, reason, rejected_at
)
select
    $domain,
    $partition_key,
    source_file,
    line_number,
    raw_line,
    $reason_prefix || reason_code as reason_code,
    reason,
    $rejected_at
from incoming
