-- Replace a file version: drop its intake_outcomes rows.
delete from intake_outcomes
where source_file = $file_name and file_sha256 = $file_hash
