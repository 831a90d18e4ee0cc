-- Outcome counts of one file version as stored in intake_files.
select
    accepted,
    rejected,
    quarantined,
    duplicates
from intake_files
where source_file = $file_name and file_sha256 = $file_hash
