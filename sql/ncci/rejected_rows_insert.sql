-- Record the rejected rows of one quarter and kind (registered as staged_ncci_rejects).
insert into rejected_rows
select
    'ncci' as domain,
    $quarter as partition_key,
    source_file,
    line_number,
    raw_line,
    $prefix || reason_code as reason_code,
    reason,
    current_timestamp as rejected_at
from staged_ncci_rejects;
