-- Rejected input rows of one release (registered by the loader as staged_rejects), with reasons.
insert into rejected_rows (
    domain, partition_key, source_file, line_number, raw_line, reason_code, reason, rejected_at
)
select
    'cms_rvu' as domain,
    $release_id as partition_key,
    source_file,
    line_number,
    raw_line,
    reason_code,
    reason,
    $loaded_at as rejected_at
from staged_rejects
