-- Append one batch of quarantined reports: masked record and finding kinds/positions only.
insert into quarantine
select
    $file_name as source_file,
    $file_hash as file_sha256,
    source_line,
    report_id,
    finding_kinds,
    cast(findings as json) as findings,
    cast(masked_record as json) as masked_record,
    $intake_at as quarantined_at
from incoming
