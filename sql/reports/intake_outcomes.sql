-- Append one batch of rejected / quarantined row outcomes (registered as `incoming`).
insert into intake_outcomes
select
    $file_name as source_file,
    $file_hash as file_sha256,
    source_line,
    report_id,
    outcome,
    reason_code,
    field,
    message,
    fix,
    cast(details as json) as details
from incoming
