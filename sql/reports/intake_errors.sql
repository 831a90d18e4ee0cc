-- Contributor-facing problems of one file version, line by line (messages carry no PHI).
select
    source_line as line,
    outcome,
    reason_code,
    field,
    message,
    fix
from intake_outcomes
where source_file = $file_name and file_sha256 = $file_hash and outcome <> 'accepted'
order by source_line
limit $max_rows
